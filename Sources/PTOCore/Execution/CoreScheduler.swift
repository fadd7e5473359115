/// Runs a group of cores as cooperative contexts on the calling thread: issue from one core until its scalar unit
/// stalls (or its program ends), then switch to the next, round robin. When a full round makes no progress while
/// some core still has work, the group is deadlocked, and the fault lists every core's pending waits.
/// The interleaving is a pure function of the programs, so runs are deterministic.
struct CoreScheduler {
    let cores: [CoreIssuer]
    let context: ExecutionContext

    /// How many consecutive empty steps a program may take before it is declared stalled.
    static let emptyStepLimit = 1_000_000

    /// `step(core)` calls the program of core `core`.
    func run(_ step: (Int) throws -> Bool) throws {
        for core in cores { core.resetForRun() }
        var emptySteps = Array(repeating: 0, count: cores.count)
        while true {
            var progressed = false
            var allIdle = true
            for (i, core) in cores.enumerated() {
                if try advance(core, index: i, emptySteps: &emptySteps, step) { progressed = true }
                if !core.isIdle { allIdle = false }
            }
            if allIdle {
                for core in cores { core.warnUncleanedScalarStores() }
                return
            }
            if !progressed {
                let waits = cores.flatMap { $0.pendingWaits() }
                try context.fault(.deadlock(waits))
                return
            }
        }
    }

    /// Issues from one core until it stalls or finishes. Returns whether anything happened.
    private func advance(_ core: CoreIssuer, index: Int, emptySteps: inout [Int],
                         _ step: (Int) throws -> Bool) throws -> Bool {
        var progressed = false
        while true {
            if core.hasPendingError, let error = core.pendingError { throw error }
            if core.issueHead < core.issueQueue.count {
                guard try core.issueQueued() else { return progressed }
                progressed = true
                continue
            }
            if core.programFinished { return progressed }
            core.submittedSinceStep = 0
            let more = try step(index)
            if core.hasPendingError, let error = core.pendingError { throw error }
            if !more {
                core.programFinished = true
                progressed = true
                continue
            }
            if core.submittedSinceStep == 0 {
                emptySteps[index] += 1
                if emptySteps[index] >= Self.emptyStepLimit { throw CoreFault.programStalled(core: core.name) }
            } else {
                emptySteps[index] = 0
                progressed = true
            }
        }
    }
}
