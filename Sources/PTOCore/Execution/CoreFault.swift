/// Where an instruction came from, for fault messages: core, issue index, pipe, opcode and label.
public struct InstructionSite: Sendable, Equatable, CustomStringConvertible {
    public var core: Int
    public var coreName: String
    public var index: Int
    public var pipe: Pipe
    public var op: Op
    /// The op as the program names it (`op.name`, or a trace file's own op name).
    public var opName: String
    public var label: String

    public init(core: Int, coreName: String, index: Int, pipe: Pipe, op: Op, label: String, opName: String? = nil) {
        self.core = core
        self.coreName = coreName
        self.index = index
        self.pipe = pipe
        self.op = op
        self.opName = opName ?? op.name
        self.label = label
    }

    public var description: String {
        label.isEmpty ? "\(coreName) #\(index) \(pipe) \(opName)" : "\(coreName) #\(index) \(pipe) \(opName) '\(label)'"
    }
}

/// A core that cannot make progress: what it waits for, and the instruction that waits.
public struct PendingWait: Sendable, Equatable, CustomStringConvertible {
    public var site: InstructionSite
    /// What would release it, e.g. `flag MTE2->MTE1 #0` or `cross-core flag 3 (needs 1, has 0)`.
    public var waitsFor: String

    public var description: String { "\(site) waits for \(waitsFor)" }
}

/// A set_flag that found its bit already set: the signal is absorbed and the matching second wait will hang.
public struct LostSignal: Sendable, Equatable, CustomStringConvertible {
    public var site: InstructionSite
    public var src: Pipe, dst: Pipe, id: Int
    /// The earlier set whose bit was still pending.
    public var pendingSet: InstructionSite?

    public var description: String {
        let earlier = pendingSet.map { "; bit already set by \($0)" } ?? ""
        return "lost signal: \(site) set_flag(\(src)->\(dst), \(id)) before the previous set was waited for\(earlier)"
    }
}

/// A flag or cross-core counter still set when every core finished.
public struct LeftoverFlag: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// An intra-core 1-bit event flag.
        case event(src: Pipe, dst: Pipe, id: Int)
        /// A cross-core counter with `count` unconsumed sets.
        case crossCore(flag: Int, count: Int)
    }

    public var core: Int
    public var coreName: String
    public var kind: Kind
    /// The instruction that set it (for event flags), or the latest set toward it (for cross-core counters).
    public var setBy: InstructionSite?

    public var description: String {
        switch kind {
        case let .event(src, dst, id):
            let by = setBy.map { " (set by \($0))" } ?? ""
            return "\(coreName): flag \(src)->\(dst) #\(id) still set at exit\(by)"
        case let .crossCore(flag, count):
            let by = setBy.map { " (last set by \($0))" } ?? ""
            return "\(coreName): cross-core flag \(flag) holds \(count) unconsumed set(s) at exit\(by)"
        }
    }
}

/// A fault of the emulated program: a misused instruction, a sync error the hardware would turn into a hang or a
/// lost signal, or state left behind at exit. Thrown by `Cluster.run`; never a crash or a hang.
public enum CoreFault: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bad operands: capacity, alignment, shape, dtype, GM bounds, an unsupported combination.
    case invalidInstruction(String)
    case lostSignal(LostSignal)
    /// Every core is blocked; each entry is one core's (or one pipe's) pending wait.
    case deadlock([PendingWait])
    case leftoverFlags([LeftoverFlag])
    /// A cross-core counter would pass 15.
    case counterOverflow(site: InstructionSite, core: String, flag: Int)
    /// A program kept returning true from `step` without issuing anything.
    case programStalled(core: String)

    public var description: String {
        switch self {
        case let .invalidInstruction(message):
            return message
        case let .lostSignal(lost):
            return lost.description
        case let .deadlock(waits):
            return "deadlock: " + waits.map(\.description).joined(separator: "; ")
        case let .leftoverFlags(flags):
            return "flags left set at exit: " + flags.map(\.description).joined(separator: "; ")
        case let .counterOverflow(site, core, flag):
            return "cross-core counter overflow: \(site) pushes \(core)'s flag \(flag) past \(ChipConfig.crossCoreCounterMax)"
        case let .programStalled(core):
            return "program of \(core) keeps returning true from step without issuing an instruction"
        }
    }
}
