#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard normal draws from a `CounterRNG`, for inputs a scene's golden makes with `torch.randn`.
///
/// Element `i` comes from the stream's 64-bit draw at position `i` alone (Box–Muller on that draw: its high 32 bits
/// give u₁ in (0, 1], its low 32 bits u₂ in [0, 1), and z = √(−2 ln u₁) · cos 2πu₂, in double precision, rounded to
/// fp32), so any sub-range can be filled from any thread and gives the same values.
extension CounterRNG {
    /// The standard normal value of element `element`, rounded to fp32.
    @inlinable @inline(__always)
    public func normal(element: Int) -> Float {
        let draw = bits(at: UInt64(element))
        let u1 = (Double(draw >> 32) + 1) * 0x1p-32
        let u2 = Double(draw & 0xFFFF_FFFF) * 0x1p-32
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    /// Writes `normal(element:) * scale` (the product rounded in fp32, as `torch.randn(...) * scale` computes it) to
    /// `dst[0..<count]`, for elements `firstElement ..< firstElement + count` of the stream.
    @inlinable
    public func fillNormalF32(_ dst: UnsafeMutablePointer<Float>, count: Int, firstElement: Int, scale: Float = 1) {
        for k in 0..<count { dst[k] = normal(element: firstElement + k) * scale }
    }
}
