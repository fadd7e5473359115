import Testing
import PTONumerics
@testable import PTOCore

/// The discrete-event rules: pipes overlap, waits delay their pipe or the scalar unit, cross-core sets arrive late,
/// concurrent HBM reads share the die's bandwidth, and broken sync is reported.
@Suite struct TimingEngineTests {
    static func kLoad(_ c: CoreIssuer, _ k: GMBuffer, at address: Int = 0, label: StaticString = "load") {
        c.tload(TimedHarness.tile(.l1, 128, 128, .bf16, at: address),
                GMView(k, offset: 0, rows: 128, cols: 128, rowStride: 128, .bf16), label: label)
    }

    static func move(_ c: CoreIssuer, from address: Int, label: StaticString = "mov") {
        c.tmov(TimedHarness.tile(.l0b, 128, 128, .bf16, at: 0), TimedHarness.tile(.l1, 128, 128, .bf16, at: address),
               label: label)
    }

    @Test func independentPipesRunAtTheSameTime() throws {
        let h = try TimedHarness()
        let k = h.bf16Buffer(128 * 128, name: "k")
        let r = try h.run(aic: [{ c in
            Self.kLoad(c, k, at: 0)
            Self.move(c, from: 0x20000)   // another L1 region: nothing orders the two
        }])
        let load = try r.entry(core: 0, .tload, "load"), mov = try r.entry(core: 0, .tmov, "mov")
        #expect(mov.startCycles < load.endCycles && load.startCycles < mov.endCycles)
        // The move (MTE1) is issued one cycle after the load (MTE2) and starts at once.
        #expect(mov.startCycles == h.parameters.scalar.issueCycles.value)
    }

    @Test func aWaitFlagHoldsItsPipeUntilTheSetFires() throws {
        let h = try TimedHarness()
        let k = h.bf16Buffer(128 * 128, name: "k")
        let r = try h.run(aic: [{ c in
            Self.kLoad(c, k)
            c.setFlag(.mte2, .mte1, 0, label: "ready")
            c.waitFlag(.mte2, .mte1, 0, label: "ready")
            Self.move(c, from: 0)
        }])
        let load = try r.entry(core: 0, .tload, "load"), set = try r.entry(core: 0, .setFlag, "ready")
        let wait = try r.entry(core: 0, .waitFlag, "ready"), mov = try r.entry(core: 0, .tmov, "mov")
        let sync = h.parameters.scalar.syncCycles.value
        #expect(set.startCycles == load.endCycles)              // the set fires after the load completes
        #expect(wait.startCycles == set.endCycles)              // flag latency 0 in the public set
        #expect(mov.startCycles == wait.startCycles + sync)     // the move waits behind the wait on MTE1
        #expect(mov.startCycles > load.endCycles)
    }

    @Test func aScalarWaitStallsEveryLaterInstruction() throws {
        let h = try TimedHarness()
        let k = h.bf16Buffer(128 * 128, name: "k")
        let r = try h.run(aic: [{ c in
            Self.kLoad(c, k)
            c.setFlag(.mte2, .s, 7, label: "drain")
            c.waitFlag(.mte2, .s, 7, label: "drain")
            Self.move(c, from: 0x20000)   // independent of the load, but issued after the scalar wait
        }])
        let load = try r.entry(core: 0, .tload, "load"), mov = try r.entry(core: 0, .tmov, "mov")
        let sync = h.parameters.scalar.syncCycles.value
        #expect(mov.startCycles == load.endCycles + 2 * sync)
    }

    @Test func crossCoreSetsReachTheOtherCoreAfterTheFFTSLatency() throws {
        let h = try TimedHarness()
        let r = try h.run(aic: [{ c in c.crossCoreSetFlag(.s, flag: 3, label: "go") }],
                          aiv0: [{ c in c.waitFlagDev(3, label: "go") }],
                          aiv1: [{ c in c.waitFlagDev(3, label: "go") }])
        let set = try r.entry(core: 0, .crossSet, "go")
        let latency = 140 * 1.85   // 140 ns at 1.85 GHz
        for core in 1...2 {
            let wait = try r.entry(core: core, .crossWait, "go")
            #expect(abs(wait.startCycles - (set.endCycles + latency)) < 1e-9)
        }
        #expect(r.run.faults.isEmpty)
    }

    @Test func concurrentHBMReadsShareTheDieBandwidth() throws {
        func loadCycles(clusters: Int) throws -> [Double] {
            var h = try TimedHarness()
            h.clusters = clusters
            let k = h.bf16Buffer(128 * 128, name: "k")
            let r = try h.run(aic: [{ c in Self.kLoad(c, k) }], effects: false)
            return try (0..<clusters).map { b in
                let e = try r.entry(block: b, core: 0, .tload, "load")
                return e.endCycles - e.startCycles
            }
        }
        let p = try TimingParameters.builtIn()
        let cap = 135.0 * 1_073_741_824 / 1.85e9          // GM->L1 per core, bytes/cycle
        let hbm = 1.6e12 / 1.85e9                          // the die, bytes/cycle
        let alone = try loadCycles(clusters: 1)
        #expect(abs(alone[0] - (200 + 32768 / cap)) < 1e-6)
        // Eight cores asking 8 * cap < HBM: nobody slows down.
        for d in try loadCycles(clusters: 8) { #expect(abs(d - alone[0]) < 1e-6) }
        // Twenty-four cores ask more than the HBM gives: each gets an equal share, hbm / 24 < cap.
        let shared = try loadCycles(clusters: 24)
        for d in shared { #expect(abs(d - (200 + 32768 / (hbm / 24))) < 1e-6, "got \(d)") }
        #expect(shared[0] > 1.7 * alone[0])
        #expect(p.hbmBytesPerCycle == hbm)
    }

    @Test func aLostSignalAndTheDeadlockItCausesAreReported() throws {
        let h = try TimedHarness()
        let r = try h.run(aic: [{ c in
            c.setFlag(.mte2, .mte1, 0, label: "twice")
            c.setFlag(.mte2, .mte1, 0, label: "twice")
            c.waitFlag(.mte2, .mte1, 0, label: "twice")
            c.waitFlag(.mte2, .mte1, 0, label: "twice")
        }], effects: false)
        let kinds = r.run.faults.map(\.kind)
        #expect(kinds == [.lostSignal, .deadlock])
        #expect(r.run.faults[1].message.contains("MTE1 wait_flag 'twice'"))
    }
}
