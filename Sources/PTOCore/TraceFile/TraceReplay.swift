/// Runs a `TraceProgram` through the emulator's executor (issue queues, pipes, flags, cross-core counters) with the
/// race checker attached, collecting every finding instead of stopping at the first.
public enum TraceReplay {
    /// Replays the program and returns everything found.
    public static func check(_ program: TraceProgram) throws -> TraceCheckReport {
        let names = program.cores.map(\.name)
        let kinds = program.cores.map(\.kind)
        let groups = program.reduceGroups
        let context = ExecutionContext(gm: nil, counters: CrossCoreCounters(kinds: kinds, reduceGroups: groups),
                                       coreNames: names)
        let checker = RaceChecker(coreNames: names, coreKinds: kinds, reduceGroups: groups)
        context.sink = checker
        context.collectFaults = true
        let cores = program.cores.enumerated().map { i, core in
            CoreIssuer(kind: core.kind, coreIndex: i, subBlockId: 0, name: core.name, context: context,
                       withStorage: false)
        }
        var issued = Array(repeating: false, count: cores.count)
        try CoreScheduler(cores: cores, context: context).run { c in
            guard !issued[c] else { return false }
            issued[c] = true
            for (i, entry) in program.cores[c].program.enumerated() { issue(entry.instruction, index: i, on: cores[c]) }
            return true
        }
        var deadlock: [PendingWait]?
        var overflows: [CoreFault] = []
        for fault in context.faultsOtherThanLostSignals {
            if case let .deadlock(waits) = fault { deadlock = waits } else { overflows.append(fault) }
        }
        let leftovers = deadlock == nil ? ExitCheck.leftovers(cores: cores, context: context) : []
        return TraceCheckReport(program: program, hazards: checker.hazards, deadlock: deadlock,
                                lostSignals: context.lostSignals, leftovers: leftovers,
                                warnings: context.warnings + checker.warnings, faults: overflows)
    }

    /// Submits one trace instruction. Its label is resolved from the program by (core, index) when reporting, so
    /// the record carries the program index as its detail.
    private static func issue(_ instruction: TraceProgram.Instruction, index: Int, on core: CoreIssuer) {
        let action: Action
        let op: Op
        switch instruction {
        case let .op(_, _, reads, writes):
            let first = core.externalAccesses.count
            core.externalAccesses += reads.map { ($0, false) } + writes.map { ($0, true) }
            action = .external(firstAccess: Int32(first), accessCount: Int32(reads.count + writes.count))
            op = .external
        case let .setFlag(src, dst, event):
            action = .setFlag(src: src, dst: dst, id: UInt8(event)); op = .setFlag
        case let .waitFlag(src, dst, event):
            action = .waitFlag(src: src, dst: dst, id: UInt8(event)); op = .waitFlag
        case let .pipeBarrier(b):
            action = b == .all ? .barrierAll : .barrier; op = .pipeBarrier
        case let .crossSet(_, flag, to):
            action = .crossSet(flag: UInt8(flag), targets: CoreSet(to)); op = .crossSet
        case let .crossWait(flag, count):
            action = .crossWait(flag: UInt8(flag), count: UInt8(count)); op = .crossWait
        }
        core.submit(action, pipe: instruction.pipe, op: op, label: "", detail: index)
    }
}
