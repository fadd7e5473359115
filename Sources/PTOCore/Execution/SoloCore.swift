/// One AI core running a single-core task on its own: what the chip does when the runtime dispatches an AIC-only
/// task to a cube core, or an AIV-only task to one vector core, while the other cores of the same cluster run other
/// tasks.
///
/// It has its own scratchpads (real capacities) and its own event flags, which persist across the tasks it runs as
/// the hardware's do, but no cross-core partner: a single-core task that sets or waits on an FFTS cross-core flag
/// has nobody to talk to, so a cross-core wait deadlocks and is reported as such. Each physical core of the chip
/// gets one `SoloCore`, so two single-core tasks on the AIC and an AIV of the same cluster never share state.
public final class SoloCore {
    /// AIC or AIV.
    public let kind: CoreKind
    /// The issuer a program drives.
    public let core: CoreIssuer
    let context: ExecutionContext

    /// A core of `kind` over `gm`; `lane` is the AIV sub-block id (0 or 1) the program sees, 0 on an AIC.
    public init(kind: CoreKind, lane: Int = 0, gm: GlobalMemory, name: String? = nil) {
        self.kind = kind
        let coreName = name ?? (kind == .aic ? "aic" : "aiv\(lane)")
        context = ExecutionContext(gm: gm, counters: CrossCoreCounters(kinds: [kind], reduceGroups: [[]]),
                                   coreNames: [coreName])
        core = CoreIssuer(kind: kind, coreIndex: 0, subBlockId: kind == .aic ? 0 : lane, name: coreName,
                          context: context)
    }

    /// Risky sync patterns seen during the last run.
    public var warnings: [SyncWarning] { context.warnings }

    /// Runs `program` to completion. Throws `CoreFault` for bad operands, a lost signal, a deadlock (a wait nothing
    /// will ever satisfy), or flags left set at exit. It never hangs.
    public func run(_ program: inout some CoreProgram, sink: RecordSink? = nil) throws {
        context.sink = sink
        context.collectFaults = false
        context.resetCollected()
        core.issueQueue = InstructionQueuePool.take()
        defer {
            context.sink = nil
            InstructionQueuePool.give(&core.issueQueue)
        }
        try CoreScheduler(cores: [core], context: context).run { _ in try program.step(core) }
        let leftovers = ExitCheck.leftovers(cores: [core], context: context)
        if !leftovers.isEmpty { throw CoreFault.leftoverFlags(leftovers) }
    }

    /// Runs `program` with a fresh race checker attached and returns everything it found (hazards, lost signals, a
    /// deadlock, leftovers, warnings). Throws only for bad operands. `overlappingPipes`: see `RaceChecker.init`.
    public func check(_ program: inout some CoreProgram, overlappingPipes: Set<Pipe> = []) throws -> CheckReport {
        // Named and typed as this core (the cluster default would call core 0 "aic" even on an AIV).
        let checker = RaceChecker(coreNames: [core.name], coreKinds: [kind], reduceGroups: [[]],
                                  overlappingPipes: overlappingPipes)
        return try CheckedRun.run(cores: [core], context: context, checker: checker) { _ in try program.step(core) }
    }

    /// Clears the event flags: a fresh core, as after a reset (after a checked run that left flags behind).
    public func resetSyncState() {
        for i in core.flagBits.indices { core.flagBits[i] = 0 }
        context.counters.reset()
    }
}
