#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard normal draws from a `CounterRNG`, for inputs a scene's golden makes with `torch.randn`.
///
/// Elements `2j` and `2j + 1` are the two outputs of one Box–Muller transform of the stream's 64-bit draw at
/// position `j`: its high 32 bits give u₁ in (0, 1], its low 32 bits u₂ in [0, 1), r = √(−2 ln u₁), and the pair is
/// (r · cos 2πu₂, r · sin 2πu₂), in double precision, each rounded to fp32. An element depends on its position
/// alone, so any sub-range can be filled from any thread and gives the same values.
extension CounterRNG {
    /// The radius and angle of the Box–Muller pair drawn at position `pair`.
    @inlinable @inline(__always)
    func polar(pair: Int) -> (radius: Double, angle: Double) {
        let draw = bits(at: UInt64(pair))
        let u1 = (Double(draw >> 32) + 1) * 0x1p-32
        let u2 = Double(draw & 0xFFFF_FFFF) * 0x1p-32
        return ((-2 * log(u1)).squareRoot(), 2 * Double.pi * u2)
    }

    /// The standard normal value of element `element`, rounded to fp32.
    @inlinable
    public func normal(element: Int) -> Float {
        let (r, a) = polar(pair: element >> 1)
        return Float(element & 1 == 0 ? r * cos(a) : r * sin(a))
    }

    /// Writes `normal(element:) * scale` (the product rounded in fp32, as `torch.randn(...) * scale` computes it) to
    /// `dst[0..<count]`, for elements `firstElement ..< firstElement + count` of the stream.
    @inlinable
    public func fillNormalF32(_ dst: UnsafeMutablePointer<Float>, count: Int, firstElement: Int, scale: Float = 1) {
        guard count > 0 else { return }
        var out = 0, element = firstElement
        if element & 1 == 1 {  // odd start: the second half of a pair
            dst[0] = normal(element: element) * scale; out = 1; element += 1
        }
        let pairs = (count - out) / 2
        for p in 0..<pairs {
            let (r, a) = polar(pair: (element >> 1) + p)
            dst[out + 2 * p] = Float(r * cos(a)) * scale
            dst[out + 2 * p + 1] = Float(r * sin(a)) * scale
        }
        out += 2 * pairs; element += 2 * pairs
        if out < count { dst[out] = normal(element: element) * scale }
    }
}
