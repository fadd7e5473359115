/// Runs a `TraceProgram` through the emulator's executor (issue queues, pipes, flags, cross-core counters) with the
/// race checker attached, collecting every finding instead of stopping at the first.
public enum TraceReplay {
    /// Replays the program and returns everything found, with the file's labels and op names in every site.
    /// `overlappingPipes`: see `RaceChecker.init` (e.g. `[.v]` to find missing `pipe_barrier(PIPE_V)`).
    public static func check(_ program: TraceProgram, overlappingPipes: Set<Pipe> = []) throws -> CheckReport {
        let names = program.cores.map(\.name)
        let kinds = program.cores.map(\.kind)
        let groups = program.reduceGroups
        let context = ExecutionContext(gm: nil, counters: CrossCoreCounters(kinds: kinds, reduceGroups: groups),
                                       coreNames: names)
        let checker = RaceChecker(coreNames: names, coreKinds: kinds, reduceGroups: groups,
                                  overlappingPipes: overlappingPipes)
        let cores = program.cores.enumerated().map { i, core in
            CoreIssuer(kind: core.kind, coreIndex: i, subBlockId: 0, name: core.name, context: context,
                       withStorage: false)
        }
        var issued = Array(repeating: false, count: cores.count)
        let report = try CheckedRun.run(cores: cores, context: context, checker: checker) { c in
            guard !issued[c] else { return false }
            issued[c] = true
            for (i, entry) in program.cores[c].program.enumerated() { issue(entry.instruction, index: i, on: cores[c]) }
            return true
        }
        return relabel(report, program)
    }

    /// Submits one trace instruction. Labels are StaticStrings inside the emulator, so the record carries none and
    /// `relabel` puts the file's labels back by (core, index).
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

    private static func relabel(_ report: CheckReport, _ program: TraceProgram) -> CheckReport {
        func entry(_ core: Int, _ index: Int) -> TraceProgram.Entry? {
            guard program.cores.indices.contains(core), program.cores[core].program.indices.contains(index) else { return nil }
            return program.cores[core].program[index]
        }
        func fix(_ s: AccessSite) -> AccessSite {
            var s = s
            if let e = entry(s.core, s.index) { s.label = e.label ?? ""; s.opName = e.instruction.opName }
            return s
        }
        func fix(_ s: InstructionSite) -> InstructionSite {
            var s = s
            if let e = entry(s.core, s.index) { s.label = e.label ?? ""; s.opName = e.instruction.opName }
            return s
        }
        var r = report
        r.hazards = r.hazards.map { h in
            var h = h
            h.first = fix(h.first)
            h.second = fix(h.second)
            return h
        }
        r.deadlock = r.deadlock?.map { PendingWait(site: fix($0.site), waitsFor: $0.waitsFor) }
        r.lostSignals = r.lostSignals.map { l in
            var l = l
            l.site = fix(l.site)
            l.pendingSet = l.pendingSet.map(fix)
            return l
        }
        r.leftovers = r.leftovers.map { f in
            var f = f
            f.setBy = f.setBy.map(fix)
            return f
        }
        return r
    }
}
