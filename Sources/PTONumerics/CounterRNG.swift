/// A counter-based random number generator: the value at position `index` of stream `stream` under `seed` is a pure
/// function of the three, so any split of a long sequence across threads gives the same numbers.
///
/// It models nothing on the chip: it makes PTOSim's seeded inputs reproducible on any number of host threads. The
/// construction is SplitMix64 evaluated at an arbitrary position: a Weyl sequence `key + (index + 1)·γ`
/// (γ = 2^64/φ) passed through the SplitMix64 finaliser. The key itself is the finaliser applied to the seed and the
/// stream, so different (seed, stream) pairs give unrelated sequences. SplitMix64 passes BigCrush; it is not a
/// cryptographic generator. The numbers are PTOSim's own: they do not reproduce torch's generator, only its
/// distributions.
public struct CounterRNG: Sendable, Hashable {
    /// The per-(seed, stream) key that offsets the Weyl sequence.
    public let key: UInt64

    /// The Weyl increment, 2^64 divided by the golden ratio (odd, so the sequence has full period).
    public static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// A generator for one named stream (for example one tensor) under a user seed.
    public init(seed: UInt64, stream: UInt64) {
        key = CounterRNG.mix(CounterRNG.mix(seed) ^ CounterRNG.mix(stream &+ 0xD1B5_4A32_D192_ED03))
    }

    /// 64 random bits at `index`.
    @inlinable @inline(__always)
    public func bits(at index: UInt64) -> UInt64 {
        CounterRNG.mix(key &+ (index &+ 1) &* CounterRNG.gamma)
    }

    /// A float uniform on [0, 1) with 24 random bits (every multiple of 2^-24 equally likely), from the high bits.
    @inlinable @inline(__always)
    public func unitFloat(at index: UInt64) -> Float {
        Float(UInt32(truncatingIfNeeded: bits(at: index) >> 40)) * 0x1p-24
    }

    /// An integer uniform on [0, n) for `n` > 0, by multiplying the high 32 random bits by `n` and keeping the top
    /// half (Lemire's reduction without rejection; the bias is below n / 2^32, under 1e-5 for every case here).
    @inlinable @inline(__always)
    public func integer(at index: UInt64, below n: UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: (UInt64(bits(at: index) >> 32) &* UInt64(n)) >> 32)
    }

    /// The SplitMix64 output function (Stafford's "Mix13" variant): a bijection on 64 bits with full avalanche.
    @inlinable @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
