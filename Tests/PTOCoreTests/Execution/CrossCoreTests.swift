import Testing
@testable import PTOCore

@Suite("Cross-core FFTS flags (mode 2)")
struct CrossCoreTests {
    @Test func aicSetReachesBothAIVs() throws {
        let gm = GlobalMemory()
        try runCluster(gm: gm,
                       aic: [{ core in core.crossCoreSetFlag(.fix, flag: 3, label: "sij ready") }],
                       aiv0: [{ core in core.waitFlagDev(3) }],
                       aiv1: [{ core in core.waitFlagDev(3) }])
    }

    /// The AIC's counter rises only once both AIVs have set: one lane alone leaves it waiting.
    @Test func aicWaitNeedsBothAIVs() throws {
        let gm = GlobalMemory()
        #expect {
            try runCluster(gm: gm, aic: [{ core in core.waitFlagDev(5, label: "pij ready") }],
                           aiv0: [{ core in core.crossCoreSetFlag(.mte3, flag: 5) }])
        } throws: { error in
            guard case let .deadlock(waits) = error as? CoreFault else { return false }
            return waits.count == 1 && waits[0].site.coreName == "aic" && waits[0].site.label == "pij ready"
                && waits[0].waitsFor == "cross-core flag 5 (needs 1, has 0)"
        }
        try runCluster(gm: gm, aic: [{ core in core.waitFlagDev(5) }],
                       aiv0: [{ core in core.crossCoreSetFlag(.mte3, flag: 5) }],
                       aiv1: [{ core in core.crossCoreSetFlag(.mte3, flag: 5) }])
    }

    /// 4-bit counters: a 16th pending set overflows; sets that were consumed in between do not count.
    @Test func counterOverflowsOnlyOnPendingSets() throws {
        let gm = GlobalMemory()
        #expect {
            try runCluster(gm: gm, aic: [{ core in
                for _ in 0..<16 { core.crossCoreSetFlag(.fix, flag: 0, label: "flood") }
            }])
        } throws: { error in
            guard case let .counterOverflow(site, core, flag) = error as? CoreFault else { return false }
            return site.label == "flood" && core == "aiv0" && flag == 0
        }
        // 32 round trips: each set is consumed (and acknowledged on flag 1) before the next, so no counter passes 1.
        let lane: (CoreIssuer) -> Void = { core in
            core.waitFlagDev(0)
            core.crossCoreSetFlag(.mte2, flag: 1)
        }
        let log = RecordLog()
        try runCluster(gm: gm,
                       aic: Array(repeating: { core in
                           core.crossCoreSetFlag(.fix, flag: 0)
                           core.waitFlagDev(1)
                       }, count: 32),
                       aiv0: Array(repeating: lane, count: 32), aiv1: Array(repeating: lane, count: 32), sink: log)
        #expect(log.count(core: 0, op: .crossWait) == 32)
    }

    /// Counters survive the end of a run: leftovers are reported, and the next launch consumes them.
    @Test func countersPersistAcrossRuns() throws {
        let gm = GlobalMemory()
        let cluster = Cluster(index: 0, gm: gm)
        var setOnly = ScriptProgram([{ core in core.crossCoreSetFlag(.fix, flag: 2) }])
        var idle1 = ScriptProgram(), idle2 = ScriptProgram()
        #expect {
            try cluster.run(aic: &setOnly, aiv0: &idle1, aiv1: &idle2)
        } throws: { error in
            guard case let .leftoverFlags(flags) = error as? CoreFault else { return false }
            return flags.map(\.coreName) == ["aiv0", "aiv1"] && flags.allSatisfy { $0.kind == .crossCore(flag: 2, count: 1) }
        }
        var idle3 = ScriptProgram()
        var wait0 = ScriptProgram([{ core in core.waitFlagDev(2) }]), wait1 = ScriptProgram([{ core in core.waitFlagDev(2) }])
        try cluster.run(aic: &idle3, aiv0: &wait0, aiv1: &wait1)
    }

    /// A global deadlock names every core's pending wait.
    @Test func deadlockListsEveryCore() throws {
        let gm = GlobalMemory()
        #expect {
            try runCluster(gm: gm,
                           aic: [{ core in core.waitFlagDev(3, label: "pij") }],
                           aiv0: [{ core in core.waitFlagDev(0, label: "sij lane 0") }],
                           aiv1: [{ core in core.waitFlagDev(0, label: "sij lane 1") }])
        } throws: { error in
            guard case let .deadlock(waits) = error as? CoreFault else { return false }
            return waits.map(\.site.label) == ["pij", "sij lane 0", "sij lane 1"]
                && "\(error)".hasPrefix("deadlock: aic #0 S")
        }
    }
}
