/// The two AICore types of an a2a3 cluster. (PTOCore's `CoreKind` names the same thing for the core emulation;
/// the runtime keeps its own so it needs nothing from PTOCore.)
public enum CoreType: String, Sendable, CaseIterable {
    /// Cube core: matmul, L1/L0 buffers.
    case aic
    /// Vector core: UB and vector pipes.
    case aiv
}

/// One physical core of the simulated chip, numbered as simpler's a2a3 runtime does: AIC `c` belongs to cluster `c`;
/// AIV `2c` and `2c + 1` are lanes 0 and 1 of cluster `c`.
public struct CoreID: Hashable, Sendable, CustomStringConvertible {
    /// Cube or vector core.
    public let type: CoreType
    /// Index among cores of that type.
    public let index: Int

    /// Creates a core id.
    public init(_ type: CoreType, _ index: Int) {
        self.type = type
        self.index = index
    }

    /// The cluster holding this core.
    public var cluster: Int { type == .aic ? index : index / 2 }
    /// The vector lane (0 or 1) of an AIV core; 0 for the AIC.
    public var lane: Int { type == .aic ? 0 : index % 2 }

    public var description: String { "\(type.rawValue.uppercased())\(index)" }
}
