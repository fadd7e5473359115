/// An address space an instruction reads or writes. GM is the chip's shared HBM (one flat address space in PTOSim);
/// the others are per-core scratchpads with fixed capacities (the AIC owns L1/L0A/L0B/L0C, each AIV its own UB).
public enum Space: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case gm, l1, l0a, l0b, l0c, ub

    /// Number of spaces, the size of per-space tables.
    public static let count = 6

    /// The name used in reports and trace files.
    public var name: String {
        switch self {
        case .gm: return "GM"
        case .l1: return "L1"
        case .l0a: return "L0A"
        case .l0b: return "L0B"
        case .l0c: return "L0C"
        case .ub: return "UB"
        }
    }

    public var description: String { name }

    /// Parses a space name as written in trace files (case-insensitive).
    public init?(name: String) {
        let key = name.uppercased()
        guard let space = Space.allCases.first(where: { $0.name == key }) else { return nil }
        self = space
    }

    /// Capacity in bytes of a local scratchpad; nil for GM.
    public var capacity: Int? {
        switch self {
        case .gm: return nil
        case .l1: return ChipConfig.l1Bytes
        case .l0a: return ChipConfig.l0aBytes
        case .l0b: return ChipConfig.l0bBytes
        case .l0c: return ChipConfig.l0cBytes
        case .ub: return ChipConfig.ubBytes
        }
    }

    /// Whether a core of the given kind has this space (GM is reachable from every core).
    public func exists(on kind: CoreKind) -> Bool {
        switch self {
        case .gm: return true
        case .l1, .l0a, .l0b, .l0c: return kind == .aic
        case .ub: return kind == .aiv
        }
    }
}
