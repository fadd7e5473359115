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

    /// Applies `exp` to `count` values: `dst[i] = exp(src[i])` (`src` and `dst` may be the same buffer).
    @inlinable
    public static func exp(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { dst[i] = exp(src[i]) }
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
