/// What a timed run of a die produced: when each block ran, how busy each pipe was, what the schedule ran into.
/// Times are in core cycles from the moment the first block could start; `microseconds(_:)` converts.
public struct TimedRun: Sendable {
    /// When one block of work ran on its cluster.
    public struct BlockTiming: Sendable, Equatable {
        public var hardwareBlock: Int
        public var cluster: Int
        public var startCycles: Double
        public var endCycles: Double
    }

    /// The share of the kernel window one pipe of one kind of core was busy, averaged over those cores.
    public struct PipeUtilisation: Sendable, Equatable {
        public var coreKind: CoreKind
        public var pipe: Pipe
        public var busyFraction: Double
    }

    /// One hazard the adversarial schedule aimed at, and whether the delay made the later access see wrong data.
    public struct AdversarialTarget: Sendable, Equatable, CustomStringConvertible {
        public var hazard: Hazard
        /// The task the hazard's block belongs to, by submit order (-1 in a one-task launch), and the block's index.
        public var task: Int = -1
        public var hardwareBlock: Int
        /// `stall` (the earlier read starts late) or `completion` (the earlier write lands late).
        public var delayKind: String
        public var delayCycles: Double
        /// Whether, in the final timing, the accesses really ran in the harmful order.
        public var realized: Bool

        public var description: String {
            (task >= 0 ? "task \(task) " : "") + "block \(hardwareBlock): \(hazard.kind.rawValue) \(hazard.first) -> "
                + "\(hazard.second): \(delayKind) of \(Int(delayCycles.rounded())) cycles"
                + (realized ? "" : " (order not flipped)")
        }
    }

    public var parametersName: String
    public var schedule: Schedule
    public var clockHz: Double
    /// Earliest block start and latest block end.
    public var startCycles: Double
    public var endCycles: Double
    public var blocks: [BlockTiming]
    public var utilisation: [PipeUtilisation]
    public var faults: [TimedFault]
    public var adversarialTargets: [AdversarialTarget]
    /// Bytes read from HBM (shared bandwidth) and the busiest aggregate HBM rate as a share of the die's bandwidth.
    public var hbmBytes: Double
    public var hbmPeakFraction: Double
    /// Instructions scheduled.
    public var instructionCount: Int

    /// Cycles from the first block start to the last block end.
    public var kernelCycles: Double { max(0, endCycles - startCycles) }

    public func microseconds(_ cycles: Double) -> Double { cycles / clockHz * 1e6 }

    /// Utilisation of one pipe of one core kind (0 when that pipe does not exist there).
    public func busyFraction(_ kind: CoreKind, _ pipe: Pipe) -> Double {
        utilisation.first { $0.coreKind == kind && $0.pipe == pipe }?.busyFraction ?? 0
    }
}

/// One instruction with its modeled times, for traces and tests.
public struct TimelineEntry: Sendable {
    public var record: IssueRecord
    public var startCycles: Double
    public var endCycles: Double
}

/// The modeled timeline of one block: every instruction of its three cores, in issue order per core.
public struct TimelineBlock: Sendable {
    public var hardwareBlock: Int
    public var cluster: Int
    public var startCycles: Double
    public var endCycles: Double
    /// AIC, AIV0, AIV1.
    public var cores: [[TimelineEntry]]
}
