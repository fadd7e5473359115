# PTOSim: the two set-up commands are `make demo` and `make test` (see README.md).
SWIFT ?= swift
DEMO_CASE ?= SmallCase1

.PHONY: demo test docs deps test-deps build release install stage slurm-check fuzz fuzz-build fuzz-run fuzz-safetensors fuzz-npy fuzz-trace asan bench timing-fit clean

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

# The suite includes a check of the installed binary (InstalledBinaryTests): `stage` installs it under .build-static
# first (a release build: minutes when cold, seconds when nothing changed) and the test is told where it is.
test: test-deps stage
	PTOSIM_INSTALLED=$(STAGE_PREFIX)/bin/ptosim $(SWIFT) test

build: deps
	$(SWIFT) build

# The release binary with the Swift standard library and Foundation linked statically, installed to
# $(PREFIX)/bin/ptosim: a machine that runs it needs only glibc, libstdc++ and OpenBLAS (libopenblas0), no Swift
# toolchain. Built in a folder of its own so that it does not force `make release` to rebuild (and the reverse).
# The link prints one warning that is not PTOSim's: glibc's note that the toolchain's static FoundationEssentials
# (Data+Writing) calls mktemp.
PREFIX ?= /usr/local
STATIC_BUILD := .build-static
STAGE_PREFIX := $(CURDIR)/$(STATIC_BUILD)/prefix

install: deps
	$(SWIFT) build -c release --product ptosim --static-swift-stdlib --scratch-path $(STATIC_BUILD)
	install -D -m 755 $(STATIC_BUILD)/release/ptosim $(DESTDIR)$(PREFIX)/bin/ptosim

# `make install` into a prefix inside the repository, for the tests and `make slurm-check`.
stage:
	@$(MAKE) --no-print-directory install PREFIX=$(STAGE_PREFIX)

# The documented Slurm array script (examples/slurm/ptosim-array.sbatch) on a real one-node Slurm started for the
# purpose, running the installed binary; the merged shards must equal the unsharded run (docs/sharding.md).
# Needs root: it installs slurm-wlm and munge when missing and starts their daemons, then stops them.
slurm-check: stage
	scripts/slurm-check.sh $(STAGE_PREFIX)

# Address sanitizer (and LeakSanitizer) over the whole test suite, in its own build folder; the ptosim binaries the
# tests start are the sanitized ones too. Leaks inside third-party code are suppressed (scripts/lsan-suppressions.txt).
asan: test-deps
	LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan-suppressions.txt:print_suppressions=0 \
		$(SWIFT) test --sanitize=address --scratch-path .build-asan

# libFuzzer over the three file readers (fuzz/Package.swift; see docs/fuzzing.md). Each target runs for FUZZ_SECONDS
# (default 600) on the committed seeds plus the corpus it has grown so far in .build-fuzz/corpus; findings land in
# .build-fuzz/artifacts/<target>/. `make -j2 fuzz` runs two targets at a time.
FUZZ_SECONDS ?= 600
FUZZ_DIR := .build-fuzz
FUZZ_ENV := SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1
FUZZ_FLAGS := -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1

fuzz: fuzz-safetensors fuzz-npy fuzz-trace

# SwiftPM caches the file lists of a path dependency until its manifest changes: touching it picks up new sources.
fuzz-build: deps
	touch Package.swift
	cd fuzz && $(SWIFT) build -Xswiftc -sanitize=fuzzer,address --scratch-path ../$(FUZZ_DIR)

fuzz-safetensors: fuzz-build
	@$(MAKE) --no-print-directory fuzz-run FUZZ_BIN=FuzzSafeTensors FUZZ_NAME=safetensors FUZZ_MAX_LEN=65536
fuzz-npy: fuzz-build
	@$(MAKE) --no-print-directory fuzz-run FUZZ_BIN=FuzzNPY FUZZ_NAME=npy FUZZ_MAX_LEN=4096
fuzz-trace: fuzz-build
	@$(MAKE) --no-print-directory fuzz-run FUZZ_BIN=FuzzTrace FUZZ_NAME=trace FUZZ_MAX_LEN=8192

fuzz-run:
	@mkdir -p $(FUZZ_DIR)/corpus/$(FUZZ_NAME) $(FUZZ_DIR)/artifacts/$(FUZZ_NAME) $(FUZZ_DIR)/logs
	$(FUZZ_ENV) $(FUZZ_DIR)/debug/$(FUZZ_BIN) $(FUZZ_DIR)/corpus/$(FUZZ_NAME) fuzz/Seeds/$(FUZZ_NAME) \
		-dict=fuzz/Dictionaries/$(FUZZ_NAME).dict -max_len=$(FUZZ_MAX_LEN) $(FUZZ_FLAGS) \
		-artifact_prefix=$(FUZZ_DIR)/artifacts/$(FUZZ_NAME)/ > $(FUZZ_DIR)/logs/$(FUZZ_NAME).log 2>&1; \
		status=$$?; grep -E '^(stat::|Done |INFO: fuzzed|==[0-9]+== ERROR)' $(FUZZ_DIR)/logs/$(FUZZ_NAME).log \
		| sed 's/^/$(FUZZ_NAME): /'; exit $$status

# DocC documentation of the library modules (swift-docc-plugin), one archive per module under .build/plugins;
# any DocC warning fails the target.
DOC_TARGETS := PTONumerics PTOFormats PTOCases PTOGolden PTOCore PTORuntime PTOKernels PTOScenes
docs: deps
	$(SWIFT) package generate-documentation $(addprefix --target ,$(DOC_TARGETS)) --warnings-as-errors

# Timing goals live here, not in tests: medians of repeated runs against the machine's sgemm/stream floors.
bench: release
	./.build/release/ptosim bench --case Case1 --case Case2 --runs 5 --scaling

# The timed model against the on-board figures: both fits of the one-task model's fitted sets and the public set's
# sensitivity (about 10 minutes on 2 cores), then the suite's predicting-set fit, table and sensitivity (about 30
# minutes on a loaded 2-core machine; docs/timing.md, "Named cost-model sets" and "Named sets for the suite").
timing-fit: release
	python3 scripts/calibrate-timing.py --set history
	python3 scripts/calibrate-timing.py --set calibrated
	python3 scripts/timing-sensitivity.py
	python3 scripts/fit-suite-timing.py

clean:
	rm -rf .build .build-*
