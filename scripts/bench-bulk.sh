#!/usr/bin/env bash
# Throughput of the bulk bf16 conversions and exp on each host SIMD path, and of the seeded uniform generator
# (BENCHMARKS.md).
# Compiles the PTONumerics sources they use together with scripts/bench-bulk.swift, optimized as in release builds.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
src=Sources/PTONumerics
cp scripts/bench-bulk.swift "$out/main.swift"  # top-level code must live in main.swift
# The AVX-512 kernels (C target CPTOSimd): compiled as the package compiles them, reached through a module map.
clang -O2 -c Sources/CPTOSimd/CPTOSimd.c -I Sources/CPTOSimd/include -o "$out/CPTOSimd.o"
printf 'module CPTOSimd { header "%s" export * }\n' "$PWD/Sources/CPTOSimd/include/CPTOSimd.h" > "$out/module.modulemap"
swiftc -Ounchecked -wmo -I "$out" -o "$out/bench-bulk" "$out/main.swift" "$out/CPTOSimd.o" \
    "$src/BFloat16.swift" "$src/BFloat16+Bulk.swift" "$src/CounterRNG.swift" "$src/CounterRNG+Fill.swift" "$src/DType.swift" \
    "$src/SIMDPath.swift" "$src/SIMDKernels.swift" "$src/VectorMath.swift"
"$out/bench-bulk"
