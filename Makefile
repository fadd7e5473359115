# PTOSim: the two set-up commands are `make demo` and `make test` (see README.md).
SWIFT ?= swift
DEMO_CASE ?= SmallCase1

.PHONY: demo test deps test-deps build release fuzz asan bench clean

# Install OpenBLAS (Debian's libopenblas-dev) only when pkg-config cannot find it.
deps:
	@if ! pkg-config --exists openblas 2>/dev/null; then \
		echo "installing libopenblas-dev (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas-dev pkg-config; \
	fi

# The tests also run NumPy on files PTOSim writes: install Debian's python3-numpy when no python3 has numpy.
test-deps: deps
	@if ! python3 -c 'import numpy' 2>/dev/null && ! /usr/bin/python3 -c 'import numpy' 2>/dev/null; then \
		echo "installing python3-numpy (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy; \
	fi

release: deps
	$(SWIFT) build -c release --product ptosim

demo: release
	./.build/release/ptosim run --case $(DEMO_CASE)

test: test-deps
	$(SWIFT) test

build: deps
	$(SWIFT) build

clean:
	rm -rf .build .build-*
