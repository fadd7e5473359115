#!/usr/bin/env bash
# Case1 timings for BENCHMARKS.md: medians over RUNS runs (default 7) of
#   (a) ptosim golden --case Case1 --timings                        generation + golden, nothing written
#   (b) ptosim golden --case Case1 --out FILE --timings              the whole job, file written and fsynced
#   (c) ptosim golden --case Case1 --formulation kernel --timings   generation + kernel formulation
# Build first: swift build -c release --product ptosim
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-7}
bin=./.build/release/ptosim
out=${OUT:-/tmp/ptosim-bench-case1.safetensors}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
phase() { sed -n "s/.*$1 \([0-9.]*\) s.*/\1/p"; }
bench() {
    local label=$1; shift
    local log; log=$(mktemp)
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "wall %e" "$bin" "$@" --timings 2>>"$log" >/dev/null
    done
    printf '%-34s' "$label"
    for p in generate golden kernel write; do
        local m; m=$(phase "$p" <"$log" | median)
        [ -n "$m" ] && printf '  %s %s s' "$p" "$m"
    done
    printf '  process wall %s s\n' "$(sed -n 's/^wall //p' "$log" | median)"
    rm -f "$log"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
bench "(a) generate + golden" golden --case Case1
bench "(b) generate + golden + write" golden --case Case1 --out "$out"
bench "(c) generate + kernel formulation" golden --case Case1 --formulation kernel
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$out"
