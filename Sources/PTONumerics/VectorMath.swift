#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The transcendental functions of the a2a3 vector unit (AIV), as PTOSim computes them.
///
/// There is exactly one definition of each, used by the emulated `TEXP` and by the kernel-formulation reference, so
/// the two can agree bit for bit. The chip's exp unit is not documented to the ulp; pto-isa's CPU simulation backend
/// evaluates `exp` in double and rounds to float, and so does PTOSim: `Float(exp(Double(x)))`. For every finite
/// float input that is the correctly rounded exp except in rare double-rounding ties, so it is also the best
/// available stand-in for the hardware. Special values: exp(-inf) = 0, exp(+inf) = +inf, exp(NaN) = NaN.
public enum VectorMath {
    /// e^x, evaluated in double precision and rounded to the nearest float.
    @inlinable @inline(__always)
    public static func exp(_ x: Float) -> Float {
        Float(_exp(Double(x)))
    }

    /// Applies `exp` to `count` values: `dst[i] = exp(src[i])` (`src` and `dst` may be the same buffer), with results
    /// bit-identical to the scalar `exp(_:)` above, about twice as fast.
    ///
    /// Each value is first computed in double precision by a table-driven approximation: x = (64k + j)·ln2/64 + r
    /// with |r| ≤ ln2/128, e^x = 2^k · 2^(j/64) · (1 + r + r²/2 + r³/6 + r⁴/24). Its relative error is below 2^-44,
    /// a few hundred double ulps, while the C library's exp is within one. Rounding to float can therefore only
    /// differ from the definition when the double lies within ~400 ulps of a point halfway between two floats; such
    /// values (about one in 2^18), and every input outside (-87, 88) (subnormal or overflowing results, ±inf, NaN),
    /// take the scalar definition instead. The accepted values round exactly as the definition's double does.
    ///
    /// `path` picks the implementation: the Swift loop below is the definition; `.avx512` runs the same operations
    /// eight lanes at a time (`SIMDKernels.exp`), with the same bits.
    @inlinable
    public static func exp(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int,
                           path: SIMDPath = .active) {
        if path == .avx512 { return SIMDKernels.exp(src, dst, count: count) }
        ExpTable.bits.withUnsafeBufferPointer { table in
            let t = table.baseAddress.unsafelyUnwrapped
            for i in 0..<count {
                let x = Double(src[i])
                // k·64 + j = round(x·64/ln2), by the 1.5·2^52 rounding trick; its two's complement sits in the low bits.
                let shifted = x * (64 / 0.693147180559945309417232121458) + 0x1.8p52
                let kd = shifted - 0x1.8p52
                let k = shifted.bitPattern &- (0x1.8p52 as Double).bitPattern
                // Cody–Waite: ln2/64 split so that kd times the high part is exact.
                let r = (x - kd * 0x1.62e42fefa0000p-7) - kd * 0x1.cf79abc9e3b3ap-46
                let p = 1 + r * (1 + r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24))))
                let y = Double(bitPattern: t[Int(truncatingIfNeeded: k & 63)] &+ ((k >> 6) << 52)) * p
                // Low 29 bits of the mantissa are what rounding to float drops; 2^28 is the halfway point.
                let nearHalfway = (y.bitPattern &+ 1024 &- 0x1000_0000) & 0x1FFF_FFFF < 2048
                dst[i] = nearHalfway || !(x > -87 && x < 88) ? Float(_exp(x)) : Float(y)
            }
        }
    }

    // The C library's exp, named apart so that `exp(_:)` above does not call itself.
    @usableFromInline @inline(__always)
    static func _exp(_ x: Double) -> Double {
        #if canImport(Glibc)
        Glibc.exp(x)
        #else
        Darwin.exp(x)
        #endif
    }
}

/// 2^(j/64) for j in 0..<64, as double bit patterns: the table of the bulk exp.
@usableFromInline
enum ExpTable {
    @usableFromInline
    static let bits: [UInt64] = (0..<64).map { j in
        #if canImport(Glibc)
        Glibc.exp2(Double(j) / 64).bitPattern
        #else
        Darwin.exp2(Double(j) / 64).bitPattern
        #endif
    }
}
