/// The two kinds of AI core in an a2a3 cluster: the cube core (AIC: L1, L0A/L0B/L0C, pipes MTE1/MTE2/MTE3/M/FIX)
/// and the vector core (AIV: UB, pipes MTE2/MTE3/V). A cluster has one AIC and two AIVs.
public enum CoreKind: Sendable, Equatable, CustomStringConvertible {
    case aic, aiv

    public var description: String { self == .aic ? "AIC" : "AIV" }
}
