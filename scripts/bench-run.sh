#!/bin/sh
# Whole-process figures of `ptosim run` for BENCHMARKS.md: runs it RUNS times (default 5) and prints the median
# wall time, the median of each phase `--timings` reports, and the largest peak RSS, from /usr/bin/time.
# Usage: scripts/bench-run.sh [ptosim run arguments...]   (default: --case Case1)
# PAUSE=seconds sleeps before each run: on a VM with free-page reporting (2 s delay), PAUSE=8 makes every run start
# on memory the host has taken back, as an occasional run does; PAUSE=0 measures back-to-back runs.
set -eu
RUNS=${RUNS:-5}
PTOSIM=${PTOSIM:-.build/release/ptosim}
[ $# -gt 0 ] || set -- --case Case1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
while [ "$i" -lt "$RUNS" ]; do
    sleep "${PAUSE:-0}"
    /usr/bin/time -f "%e %M" -o "$tmp/time.$i" "$PTOSIM" run "$@" --timings >/dev/null 2>"$tmp/err.$i" || true
    grep '^timings:' "$tmp/err.$i" >"$tmp/timings.$i" || true
    i=$((i + 1))
done
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo "ptosim run $* ($RUNS runs, pause ${PAUSE:-0} s, load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "  wall (median): $(cat "$tmp"/time.* | awk '{ print $1 }' | median) s"
echo "  peak RSS (max): $(cat "$tmp"/time.* | awk '{ print $2 }' | sort -n | tail -1) KB"
# Timed runs (--timing) report "timed emulation" and, in brackets, its capture and simulation parts.
for phase in inputs golden emulation 'timed emulation' capture simulation compare total; do
    value=$(cat "$tmp"/timings.* | sed -n "s/.*[:,(] \?$phase \([0-9.]*\) s.*/\1/p" | median)
    [ -z "$value" ] || printf '  %s (median): %s s\n' "$phase" "$value"
done
