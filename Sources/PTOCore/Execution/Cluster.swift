/// One a2a3 cluster: an AIC and two AIVs with their scratchpads (real capacities), their event flags and the
/// FFTS cross-core counters that link them. Flags and counters persist across `run` calls, like the hardware's
/// across kernel dispatches, so credits one launch leaves behind are visible to the next.
public final class Cluster {
    /// Position of this cluster among the chip's 24 (the hardware block index).
    public let index: Int
    public let gm: GlobalMemory
    /// The AIC (core 0), AIV0 (core 1) and AIV1 (core 2).
    public let aic: CoreIssuer
    public let aiv0: CoreIssuer
    public let aiv1: CoreIssuer
    let context: ExecutionContext

    /// Whether TPUSH/TPOP's built-in TILE_UP_DOWN lane offset sees each AIV's real sub-block id. Default false:
    /// under simpler's MIX dispatch `get_subblockid()` returns 0 on both lanes, so the built-in offset is 0 and
    /// kernels add the lane split themselves through `TPipe.entryOffset`.
    public var laneOffsetUsesSubBlockId: Bool {
        get { context.laneOffsetUsesSubBlockId }
        set { context.laneOffsetUsesSubBlockId = newValue }
    }

    /// Risky sync patterns seen during the last run (e.g. an event id live toward two pipes at once).
    public var warnings: [SyncWarning] { context.warnings }

    public init(index: Int, gm: GlobalMemory) {
        self.index = index
        self.gm = gm
        let names = ["aic", "aiv0", "aiv1"]
        context = ExecutionContext(gm: gm, counters: CrossCoreCounters(kinds: [.aic, .aiv, .aiv],
                                                                       reduceGroups: [[1, 2], [], []]),
                                   coreNames: names)
        aic = CoreIssuer(kind: .aic, coreIndex: 0, subBlockId: 0, name: names[0], context: context)
        aiv0 = CoreIssuer(kind: .aiv, coreIndex: 1, subBlockId: 0, name: names[1], context: context)
        aiv1 = CoreIssuer(kind: .aiv, coreIndex: 2, subBlockId: 1, name: names[2], context: context)
        aic.crossTargets = CoreSet([1, 2])
        aiv0.crossTargets = CoreSet([0])
        aiv1.crossTargets = CoreSet([0])
    }

    /// Runs the three programs to completion as cooperative contexts on the calling thread.
    ///
    /// Throws `CoreFault` for bad operands, a lost signal, a deadlock (with every core's pending wait), a counter
    /// overflow, or flags and cross-core credits left set at exit. It never hangs.
    public func run(aic aicProgram: inout some CoreProgram, aiv0 aiv0Program: inout some CoreProgram,
                    aiv1 aiv1Program: inout some CoreProgram, sink: RecordSink? = nil) throws {
        context.sink = sink
        context.collectFaults = false
        context.resetCollected()
        for core in [aic, aiv0, aiv1] { core.issueQueue = InstructionQueuePool.take() }
        defer {
            context.sink = nil
            for core in [aic, aiv0, aiv1] { InstructionQueuePool.give(&core.issueQueue) }
        }
        let scheduler = CoreScheduler(cores: [aic, aiv0, aiv1], context: context)
        try scheduler.run { core in
            switch core {
            case 0: return try aicProgram.step(aic)
            case 1: return try aiv0Program.step(aiv0)
            default: return try aiv1Program.step(aiv1)
            }
        }
        let leftovers = ExitCheck.leftovers(cores: [aic, aiv0, aiv1], context: context)
        if !leftovers.isEmpty { throw CoreFault.leftoverFlags(leftovers) }
    }

    /// The issuer of core `i` (0 = AIC, 1 = AIV0, 2 = AIV1).
    public func core(_ i: Int) -> CoreIssuer { [aic, aiv0, aiv1][i] }

    /// Copies `count` bytes of a core's scratchpad (for tests and debugging).
    public func scratchpadBytes(core i: Int, _ space: Space, offset: Int, count: Int) -> [UInt8] {
        core(i).pads.bytes(space, offset: offset, count: count)
    }

    /// Clears every event flag and cross-core counter: a fresh device, as after a reset.
    public func resetSyncState() {
        for c in [aic, aiv0, aiv1] {
            for i in c.flagBits.indices { c.flagBits[i] = 0 }
        }
        context.counters.reset()
    }
}

/// What must be clear when every core has finished.
enum ExitCheck {
    static func leftovers(cores: [CoreIssuer], context: ExecutionContext) -> [LeftoverFlag] {
        var out: [LeftoverFlag] = []
        for core in cores {
            for src in Pipe.allCases {
                for dst in Pipe.allCases {
                    let slot = Int(src.rawValue) * Pipe.count + Int(dst.rawValue)
                    for id in 0..<ChipConfig.eventIDs where core.flagBits[slot] & (1 << id) != 0 {
                        out.append(LeftoverFlag(core: core.coreIndex, coreName: core.name,
                                                kind: .event(src: src, dst: dst, id: id),
                                                setBy: core.site(of: core.flagSetBy[slot * ChipConfig.eventIDs + id])))
                    }
                }
            }
        }
        for (core, flag, count, last) in context.counters.leftovers() {
            let setBy = last.flatMap { last in cores.first { $0.coreIndex == last.source }?.site(of: last.site) }
            out.append(LeftoverFlag(core: core, coreName: context.coreNames[core], kind: .crossCore(flag: flag, count: count),
                                    setBy: setBy))
        }
        return out
    }
}
