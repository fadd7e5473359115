/// Bulk bf16 ↔ fp32 conversion over raw buffers: the loops every tile move, every input generator and the golden
/// reference run, i.e. what the chip's `TCVT` and the cube's operand widening do to a whole tile.
///
/// They are plain index loops over unsafe pointers with branch-free bodies, so the optimizer vectorizes them (SSE2 on
/// the baseline x86-64 target: `punpcklwd` for widening; `paddd`/`psrld`/`pcmpgtd` and a blend for narrowing).
/// Measured throughput is in BENCHMARKS.md. Each also takes a `path`: the loops here are the definition, `.avx512`
/// runs `SIMDKernels`' versions of them (sixteen lanes at a time, same bits).
public enum BF16Convert {
    /// Widens `count` bf16 values at `src` into fp32 at `dst` (exact).
    @inlinable
    public static func widen(_ src: UnsafePointer<UInt16>, _ dst: UnsafeMutablePointer<Float>, count: Int,
                             path: SIMDPath = .active) {
        if path == .avx512 { return SIMDKernels.widen(src, dst, count: count) }
        let out = UnsafeMutableRawPointer(dst).assumingMemoryBound(to: UInt32.self)
        for i in 0..<count { out[i] = UInt32(src[i]) << 16 }
    }

    /// Copies `count` bf16 values from `src` to `copy` and widens them into `widened` in the same pass: a bf16 tile
    /// entering L0A/L0B, whose bytes stay bf16 while the cube reads their fp32 side image.
    @inlinable
    public static func copyAndWiden(_ src: UnsafePointer<UInt16>, copy: UnsafeMutablePointer<UInt16>,
                                    widened: UnsafeMutablePointer<Float>, count: Int, path: SIMDPath = .active) {
        if path == .avx512 { return SIMDKernels.copyAndWiden(src, copy, widened, count: count) }
        let out = UnsafeMutableRawPointer(widened).assumingMemoryBound(to: UInt32.self)
        for k in 0..<count {
            let bits = src[k]
            copy[k] = bits
            out[k] = UInt32(bits) << 16
        }
    }

    /// Narrows `count` fp32 values at `src` into bf16 at `dst` with the given rounding.
    @inlinable
    public static func narrow(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<UInt16>, count: Int,
                              rounding: BF16Rounding, path: SIMDPath = .active) {
        if path == .avx512 { return SIMDKernels.narrow(src, dst, count: count, rounding: rounding) }
        let bits = UnsafeRawPointer(src).assumingMemoryBound(to: UInt32.self)
        switch rounding {
        case .nearestEven:
            for i in 0..<count { dst[i] = BFloat16.roundNearestEven(bits[i]) }
        case .tiesAwayFromZero:
            for i in 0..<count { dst[i] = BFloat16.roundTiesAway(bits[i]) }
        }
    }

    /// Rounds `count` fp32 values in place through bf16 and back (the `p.to(bf16).to(f32)` round trip).
    @inlinable
    public static func roundTrip(_ values: UnsafeMutablePointer<Float>, count: Int, rounding: BF16Rounding,
                                 path: SIMDPath = .active) {
        if path == .avx512 { return SIMDKernels.roundTrip(values, count: count, rounding: rounding) }
        let bits = UnsafeMutableRawPointer(values).assumingMemoryBound(to: UInt32.self)
        switch rounding {
        case .nearestEven:
            for i in 0..<count { bits[i] = UInt32(BFloat16.roundNearestEven(bits[i])) << 16 }
        case .tiesAwayFromZero:
            for i in 0..<count { bits[i] = UInt32(BFloat16.roundTiesAway(bits[i])) << 16 }
        }
    }

    /// Widens an array of bf16 bit patterns.
    public static func widen(_ src: [UInt16], path: SIMDPath = .active) -> [Float] {
        [Float](unsafeUninitializedCapacity: src.count) { buf, n in
            src.withUnsafeBufferPointer { s in
                if let base = s.baseAddress { widen(base, buf.baseAddress!, count: s.count, path: path) }
            }
            n = src.count
        }
    }

    /// Narrows an array of floats to bf16 bit patterns.
    public static func narrow(_ src: [Float], rounding: BF16Rounding, path: SIMDPath = .active) -> [UInt16] {
        [UInt16](unsafeUninitializedCapacity: src.count) { buf, n in
            src.withUnsafeBufferPointer { s in
                if let base = s.baseAddress { narrow(base, buf.baseAddress!, count: s.count, rounding: rounding, path: path) }
            }
            n = src.count
        }
    }
}
