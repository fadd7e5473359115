/// Bulk bf16 ↔ fp32 conversion over raw buffers: the loops every tile move and every input generator runs.
/// They are written as plain index loops over unsafe pointers so the optimizer vectorizes them (AVX-512 here).
public enum BF16Convert {
    /// Widens `count` bf16 values at `src` into fp32 at `dst` (exact).
    @inlinable
    public static func widen(_ src: UnsafePointer<UInt16>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        let out = UnsafeMutableRawPointer(dst).assumingMemoryBound(to: UInt32.self)
        for i in 0..<count { out[i] = UInt32(src[i]) << 16 }
    }

    /// Narrows `count` fp32 values at `src` into bf16 at `dst` with the given rounding.
    @inlinable
    public static func narrow(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<UInt16>, count: Int,
                              rounding: BF16Rounding) {
        let bits = UnsafeRawPointer(src).assumingMemoryBound(to: UInt32.self)
        switch rounding {
        case .nearestEven:
            for i in 0..<count { dst[i] = BFloat16.roundNearestEven(bits[i]) }
        case .tiesAwayFromZero:
            for i in 0..<count { dst[i] = BFloat16.roundTiesAway(bits[i]) }
        }
    }

    /// Widens an array of bf16 bit patterns.
    public static func widen(_ src: [UInt16]) -> [Float] {
        [Float](unsafeUninitializedCapacity: src.count) { buf, n in
            src.withUnsafeBufferPointer { widen($0.baseAddress!, buf.baseAddress!, count: src.count) }
            n = src.count
        }
    }

    /// Narrows an array of floats to bf16 bit patterns.
    public static func narrow(_ src: [Float], rounding: BF16Rounding) -> [UInt16] {
        [UInt16](unsafeUninitializedCapacity: src.count) { buf, n in
            src.withUnsafeBufferPointer { narrow($0.baseAddress!, buf.baseAddress!, count: src.count, rounding: rounding) }
            n = src.count
        }
    }
}
