/// A bfloat16 value, stored as its 16 raw bits.
///
/// On the a2a3 chip bf16 is the operand type of the cube (L1/L0A/L0B tiles) and of `pij`; it is the upper half of an
/// IEEE fp32 word (1 sign, 8 exponent, 7 mantissa bits), so widening to `Float` is exact and narrowing is a rounding.
/// Two roundings matter to PTOSim: round-to-nearest-even (torch's `.to(bfloat16)`, the chip's `CAST_RINT`) and
/// round-to-nearest-ties-away-from-zero (the chip's `CAST_ROUND`, used by the paged-attention kernel for `p`).
public struct BFloat16: Hashable, Sendable, CustomStringConvertible {
    /// The raw bit pattern.
    public var bitPattern: UInt16

    /// Wraps a raw bit pattern.
    @inlinable public init(bitPattern: UInt16) { self.bitPattern = bitPattern }

    /// Narrows `value` with the given rounding. NaN stays a quiet NaN with its sign; values past the largest finite
    /// bf16 round to ±inf as IEEE rounding says; subnormals round like any other value (no flush to zero).
    @inlinable public init(_ value: Float, rounding: BF16Rounding = .nearestEven) {
        bitPattern = rounding == .nearestEven
            ? BFloat16.roundNearestEven(value.bitPattern) : BFloat16.roundTiesAway(value.bitPattern)
    }

    /// The exact fp32 value.
    @inlinable public var float: Float { Float(bitPattern: UInt32(bitPattern) << 16) }

    /// True for both quiet and signalling NaN patterns.
    @inlinable public var isNaN: Bool { bitPattern & 0x7FFF > 0x7F80 }

    public var description: String { "\(float)" }

    /// fp32 bits → bf16 bits, round to nearest, ties to even.
    ///
    /// Adding 0x7FFF plus the lowest kept bit carries into the kept half exactly when the dropped half is above one
    /// half-ulp, or equal to it with an odd kept half; a carry out of the mantissa bumps the exponent, which is also
    /// how the largest finite values overflow to infinity. NaN is handled separately because the carry could turn
    /// a NaN payload into infinity: it keeps its sign and top payload bits and gains the quiet bit (as Arm `BFCVT`
    /// and x86 `VCVTNEPS2BF16` do; torch instead writes the canonical 0x7FC0). Written branch-free so that bulk
    /// loops over it vectorize.
    @inlinable @inline(__always)
    public static func roundNearestEven(_ bits: UInt32) -> UInt16 {
        let rounded = (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16
        let quieted = (bits >> 16) | 0x0040
        return UInt16(truncatingIfNeeded: bits & 0x7FFF_FFFF > 0x7F80_0000 ? quieted : rounded)
    }

    /// fp32 bits → bf16 bits, round to nearest, ties away from zero (the chip's CAST_ROUND). The format is
    /// sign-magnitude, so adding half an ulp to the raw bits rounds the magnitude up exactly at and above the tie.
    @inlinable @inline(__always)
    public static func roundTiesAway(_ bits: UInt32) -> UInt16 {
        let rounded = (bits &+ 0x8000) >> 16
        let quieted = (bits >> 16) | 0x0040
        return UInt16(truncatingIfNeeded: bits & 0x7FFF_FFFF > 0x7F80_0000 ? quieted : rounded)
    }
}

/// How fp32 is narrowed to bf16: the two cast modes the a2a3 vector unit offers for fp32 → bf16.
public enum BF16Rounding: String, Sendable, CaseIterable {
    /// Round to nearest, ties to even: torch, and the chip's `CAST_RINT`.
    case nearestEven
    /// Round to nearest, ties away from zero: the chip's `CAST_ROUND` (`vconv_f322bf16a`).
    case tiesAwayFromZero
}
