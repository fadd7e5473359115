#!/usr/bin/env bash
# Throughput of the bulk bf16 conversions and of the seeded uniform generator (BENCHMARKS.md).
# Compiles the PTONumerics sources they use together with scripts/bench-bulk.swift, optimized as in release builds.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
src=Sources/PTONumerics
cp scripts/bench-bulk.swift "$out/main.swift"  # top-level code must live in main.swift
swiftc -Ounchecked -wmo -o "$out/bench-bulk" "$out/main.swift" \
    "$src/BFloat16.swift" "$src/BFloat16+Bulk.swift" "$src/CounterRNG.swift" "$src/CounterRNG+Fill.swift" "$src/DType.swift"
"$out/bench-bulk"
