/// One side of a hazard: the instruction that made the access.
public struct AccessSite: Sendable, Equatable, CustomStringConvertible {
    public var core: Int
    public var coreName: String
    /// Position in the core's issue order (for trace files: the index in the core's program array).
    public var index: Int
    public var pipe: Pipe
    public var op: Op
    /// The op as the program names it (`op.name`, or a trace file's own op name).
    public var opName: String
    /// The label with its detail, e.g. `QK TMOV K[3]`; empty when the instruction had none.
    public var label: String

    public var description: String {
        let name = label.isEmpty ? opName : "\(opName) '\(label)'"
        return "\(coreName) #\(index) \(pipe) \(name)"
    }
}

/// Two accesses to overlapping bytes, at least one a write, that happens-before leaves unordered: some legal
/// schedule of the chip runs them the other way round (or at once).
public struct Hazard: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The later instruction may read before the earlier write lands.
        case raw = "RAW"
        /// The later write may land before the earlier read.
        case war = "WAR"
        /// The two writes may land in either order.
        case waw = "WAW"
    }

    public var kind: Kind
    public var space: Space
    /// The core whose scratchpad it is (nil for GM).
    public var spaceOwner: String?
    /// Overlapping bytes (GM: flat addresses).
    public var offset: Int
    public var bytes: Int
    /// The access that came first in this run, and the one that conflicts with it.
    public var first: AccessSite
    public var second: AccessSite
    /// How many times this pair of instructions (same labels, ignoring details) raced; the fields describe the first.
    public var count: Int

    public var description: String {
        let owner = spaceOwner.map { "\($0) " } ?? ""
        let times = count > 1 ? " (\(count) times)" : ""
        return "\(kind.rawValue) on \(owner)\(space) [0x\(String(offset, radix: 16)), +\(bytes)): \(first) "
            + "-> \(second) unordered\(times)"
    }
}
