/// Element types tiles hold in PTOSim's kernels: bf16 (cube operands, `pij`) and fp32 (scores, accumulators).
public enum ElementType: UInt8, Sendable, CustomStringConvertible {
    case bf16, f32

    /// Bytes per element.
    @inlinable public var size: Int { self == .bf16 ? 2 : 4 }

    public var description: String { self == .bf16 ? "bf16" : "f32" }
}

/// The rounding a TCVT applies when it narrows (pto-isa `RoundMode`). Widening bf16 → fp32 is exact either way.
public enum RoundMode: Sendable, CustomStringConvertible {
    /// CAST_RINT: round to nearest, ties to even (`vconv_f322bf16r`).
    case castRint
    /// CAST_ROUND: round to nearest, ties away from zero (`vconv_f322bf16a`); the paged-attention kernel's choice.
    case castRound

    public var description: String { self == .castRint ? "CAST_RINT" : "CAST_ROUND" }
}
