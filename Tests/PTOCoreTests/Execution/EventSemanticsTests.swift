import PTONumerics
import Testing
@testable import PTOCore

@Suite("Intra-core events: set_flag, wait_flag, pipe_barrier")
struct EventSemanticsTests {
    /// Two sets before the wait: the second finds the bit up and is lost, naming both sets.
    @Test func secondSetBeforeWaitIsALostSignal() throws {
        let gm = GlobalMemory()
        #expect {
            try runCluster(gm: gm, aic: [{ core in
                core.setFlag(.mte2, .mte1, 0, label: "A loaded")
                core.setFlag(.mte2, .mte1, 0, label: "B loaded")
            }])
        } throws: { error in
            guard case let .lostSignal(lost) = error as? CoreFault else { return false }
            return lost.site.label == "B loaded" && lost.pendingSet?.label == "A loaded" && lost.id == 0
                && lost.src == .mte2 && lost.dst == .mte1
        }
    }

    /// A wait no set can satisfy: a deadlock that names the waiting pipe and label instead of a hang.
    @Test func neverSetWaitIsADeadlock() throws {
        let gm = GlobalMemory()
        #expect {
            try runCluster(gm: gm, aiv0: [{ core in core.waitFlag(.mte2, .v, 3, label: "wait for sij") }])
        } throws: { error in
            guard case let .deadlock(waits) = error as? CoreFault else { return false }
            return waits.count == 1 && waits[0].site.coreName == "aiv0" && waits[0].site.pipe == .v
                && waits[0].site.label == "wait for sij" && waits[0].waitsFor.contains("MTE2->V #3")
        }
    }

    /// A scalar wait whose set is never issued stalls issue forever: also a deadlock, on pipe S.
    @Test func scalarWaitWithoutSetDeadlocks() throws {
        let gm = GlobalMemory()
        #expect {
            try runCluster(gm: gm, aic: [{ core in core.waitFlag(.fix, .s, 7, label: "drain FIX") }])
        } throws: { error in
            guard case let .deadlock(waits) = error as? CoreFault else { return false }
            return waits.map(\.site.pipe) == [.s] && waits[0].site.label == "drain FIX"
        }
    }

    @Test func flagLeftSetAtExitIsReported() throws {
        let gm = GlobalMemory()
        #expect {
            try runCluster(gm: gm, aic: [{ core in core.setFlag(.m, .fix, 1, label: "MMAD done") }])
        } throws: { error in
            guard case let .leftoverFlags(flags) = error as? CoreFault, flags.count == 1 else { return false }
            return flags[0].kind == .event(src: .m, dst: .fix, id: 1) && flags[0].setBy?.label == "MMAD done"
        }
    }

    /// (src, id) raised toward two destinations at once is legal but risky: a warning on the cluster.
    @Test func sameSourceAndIDTowardTwoPipesWarns() throws {
        let gm = GlobalMemory()
        let cluster = try runCluster(gm: gm, aic: [{ core in
            core.setFlag(.m, .mte1, 0, label: "L0 free")
            core.setFlag(.m, .fix, 0, label: "L0C ready")
            core.waitFlag(.m, .fix, 0)
            core.waitFlag(.m, .mte1, 0)
        }])
        #expect(cluster.warnings.count == 1)
        #expect(cluster.warnings.first?.kind == .sharedEventID)
        #expect(cluster.warnings.first?.message.contains("L0 free") == true)
    }

    /// A wait issued before its set blocks only its pipe; later instructions of that pipe queue behind it and run
    /// once the set fires, while other pipes keep going. The TMOV therefore copies the loaded data.
    @Test func waitBeforeSetBlocksOnlyItsPipe() throws {
        let gm = GlobalMemory()
        let (src, _) = TestTensors.bf16((1...16).map(Float.init), shape: [16])
        let srcBuf = gm.register(src, name: "src")
        let log = RecordLog()
        let cluster = try runCluster(gm: gm, aic: [{ core in
            var l1 = Tile(.l1, rows: 1, cols: 16, .bf16), a = Tile(.l0a, rows: 1, cols: 16, .bf16)
            try core.tassign(&l1, 0)
            try core.tassign(&a, 0)
            core.waitFlag(.mte2, .mte1, 0, label: "early wait")  // MTE1 blocks here
            core.tmov(a, l1, label: "TMOV after wait")           // queued behind it
            core.tload(l1, GMView(srcBuf, offset: 0, rows: 1, cols: 16, rowStride: 16, .bf16), label: "load")
            core.setFlag(.mte2, .mte1, 0, label: "loaded")       // releases MTE1
            core.pipeBarrier(.all)
        }], sink: log)
        let load = try #require(log.position(core: 0, op: .tload, label: "load"))
        let move = try #require(log.position(core: 0, op: .tmov, label: "TMOV after wait"))
        #expect(load < move, "the queued TMOV must run after the load that the set follows")
        let bytes = cluster.scratchpadBytes(core: 0, .l0a, offset: 0, count: 32)
        let expected = (0..<16).flatMap { i in [UInt8(src.bf16[i] & 0xFF), UInt8(src.bf16[i] >> 8)] }
        #expect(bytes == expected)
    }

    /// wait_flag(X, S) stalls issue until X has run the set: here the set that would release X is issued after the
    /// scalar wait, so nothing can move, and the deadlock lists both the scalar wait and the blocked FIX pipe.
    @Test func scalarWaitStallsIssue() throws {
        let gm = GlobalMemory()
        #expect {
            try runCluster(gm: gm, aic: [{ core in
                core.waitFlag(.mte2, .fix, 1, label: "FIX waits")
                core.setFlag(.fix, .s, 7, label: "FIX done")      // queued behind FIX's wait
                core.waitFlag(.fix, .s, 7, label: "drain")          // scalar stalls here
                core.setFlag(.mte2, .fix, 1, label: "release")      // never issued
            }])
        } throws: { error in
            guard case let .deadlock(waits) = error as? CoreFault else { return false }
            return Set(waits.map(\.site.label)) == ["drain", "FIX waits"]
        }
        // With the release issued first, the same program completes and FIX's set runs after the release.
        let log = RecordLog()
        try runCluster(gm: gm, aic: [{ core in
            core.waitFlag(.mte2, .fix, 1, label: "FIX waits")
            core.setFlag(.fix, .s, 7, label: "FIX done")
            core.setFlag(.mte2, .fix, 1, label: "release")
            core.waitFlag(.fix, .s, 7, label: "drain")
        }], sink: log)
        let release = try #require(log.position(core: 0, op: .setFlag, label: "release"))
        let done = try #require(log.position(core: 0, op: .setFlag, label: "FIX done"))
        let drain = try #require(log.position(core: 0, op: .waitFlag, label: "drain"))
        #expect(release < done && done < drain)
    }

    /// Flags persist across runs on one cluster, like the hardware's across dispatches.
    @Test func flagsPersistAcrossRuns() throws {
        let gm = GlobalMemory()
        let cluster = Cluster(index: 0, gm: gm)
        var leak = ScriptProgram([{ core in core.setFlag(.mte3, .s, 7, label: "stale") }])
        var idle1 = ScriptProgram(), idle2 = ScriptProgram()
        #expect(throws: CoreFault.self) { try cluster.run(aic: &leak, aiv0: &idle1, aiv1: &idle2) }
        // The next launch's wait is satisfied by the stale set, and nothing is left afterwards.
        var consume = ScriptProgram([{ core in core.waitFlag(.mte3, .s, 7) }])
        var idle3 = ScriptProgram(), idle4 = ScriptProgram()
        try cluster.run(aic: &consume, aiv0: &idle3, aiv1: &idle4)
    }
}
