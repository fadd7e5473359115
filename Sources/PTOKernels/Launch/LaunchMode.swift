import PTOCore

/// How the blocks a runtime dispatches run on the emulated cores.
public enum LaunchMode: Sendable {
    /// Every effect at issue, in program order (one legal schedule of the chip, and the fastest).
    case functional
    /// Every block under a race checker of its own; faults are collected into the block's report instead of
    /// stopping the run. `overlappingPipes`: pipes whose instructions may overlap (see `RaceChecker`).
    case checked(overlappingPipes: Set<Pipe>)
    /// Every block's instruction streams captured on its cluster instead of run; `chip.simulate` afterwards runs
    /// the whole die on one modeled time axis: the runtime's orchestrator and scheduler threads
    /// place every captured block (MIX, AIC-only, AIV-only) of every task (`TimedChip.simulateRuntime`).
    case timed(TimedChip)

    /// Whether blocks run under the race checker.
    public var isChecked: Bool {
        if case .checked = self { return true }
        return false
    }

    /// The chip a timed launch captures onto.
    public var timedChip: TimedChip? {
        if case let .timed(chip) = self { return chip }
        return nil
    }
}

/// A launch the timed model cannot time yet (single-core tasks, several tasks in one run).
public struct TimedModeUnsupported: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The sync edits of a launch, applied to every core of the host (see `SyncEdits`): labels whose set/wait/barrier
/// instructions are not issued, and whether the launch records the catalogue of syncs its kernels issue.
public struct LaunchSyncs: Sendable, Equatable {
    public var dropped: Set<String>
    public var recordCatalogue: Bool

    public init(dropped: Set<String> = [], recordCatalogue: Bool = false) {
        self.dropped = dropped
        self.recordCatalogue = recordCatalogue
    }
}
