import PTOCore

/// How the blocks a runtime dispatches run on the emulated cores.
public enum LaunchMode: Sendable {
    /// Every effect at issue, in program order (one legal schedule of the chip, and the fastest).
    case functional
    /// Every block under a race checker of its own; faults are collected into the block's report instead of
    /// stopping the run. `overlappingPipes`: pipes whose instructions may overlap (see `RaceChecker`).
    case checked(overlappingPipes: Set<Pipe>)

    /// Whether blocks run under the race checker.
    public var isChecked: Bool {
        if case .checked = self { return true }
        return false
    }
}
