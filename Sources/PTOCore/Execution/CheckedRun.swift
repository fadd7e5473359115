/// A run under the race checker that collects every finding (hazards, lost signals, a deadlock, leftovers,
/// warnings) into a `CheckReport` instead of throwing at the first sync fault. Bad operands still throw.
enum CheckedRun {
    static func run(cores: [CoreIssuer], context: ExecutionContext, checker: RaceChecker,
                    _ step: (Int) throws -> Bool) throws -> CheckReport {
        context.sink = checker
        context.collectFaults = true
        context.resetCollected()
        defer {
            context.sink = nil
            context.collectFaults = false
        }
        try CoreScheduler(cores: cores, context: context).run(step)
        var deadlock: [PendingWait]?
        var faults: [CoreFault] = []
        for fault in context.faultsOtherThanLostSignals {
            if case let .deadlock(waits) = fault { deadlock = waits } else { faults.append(fault) }
        }
        // After a deadlock the flags still up are its symptoms, not separate findings.
        let leftovers = deadlock == nil ? ExitCheck.leftovers(cores: cores, context: context) : []
        return CheckReport(hazards: checker.hazards, deadlock: deadlock, lostSignals: context.lostSignals,
                           leftovers: leftovers, warnings: context.warnings + checker.warnings, faults: faults)
    }
}

extension Cluster {
    /// Runs the three programs like `run`, with a fresh race checker attached, and returns everything it found:
    /// hazards, lost signals (the run continues past them, the second set absorbed as on the chip), a deadlock
    /// with every core's pending wait, flags and credits left at exit, and warnings. Throws only for bad operands.
    /// `overlappingPipes`: see `RaceChecker.init` (e.g. `[.v]` to find missing `pipe_barrier(PIPE_V)`).
    public func check(aic aicProgram: inout some CoreProgram, aiv0 aiv0Program: inout some CoreProgram,
                      aiv1 aiv1Program: inout some CoreProgram, overlappingPipes: Set<Pipe> = []) throws -> CheckReport {
        let checker = RaceChecker(overlappingPipes: overlappingPipes)
        return try CheckedRun.run(cores: [aic, aiv0, aiv1], context: context, checker: checker) { core in
            switch core {
            case 0: return try aicProgram.step(aic)
            case 1: return try aiv0Program.step(aiv0)
            default: return try aiv1Program.step(aiv1)
            }
        }
    }
}
