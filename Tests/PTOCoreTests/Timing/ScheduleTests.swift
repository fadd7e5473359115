import Testing
import Foundation
import PTONumerics
@testable import PTOCore

/// Random schedules are reproducible from their seed; the adversarial schedule turns a hazard the checker finds
/// into the wrong data; the Chrome trace carries every instruction and the set → wait flows.
@Suite struct ScheduleTests {
    /// AIC: two loads and moves through one L1 slot, with the RAW edges but no WAR edge on the slot: the second
    /// load may overwrite the slot while the first move is still reading it.
    static func aicScript(_ k0: GMBuffer, _ k1: GMBuffer) -> [(CoreIssuer) throws -> Void] {
        [{ c in
            TimingEngineTests.kLoad(c, k0, label: "load0")
            c.setFlag(.mte2, .mte1, 0, label: "ready0")
            c.waitFlag(.mte2, .mte1, 0, label: "ready0")
            TimingEngineTests.move(c, from: 0, label: "mov0")
            TimingEngineTests.kLoad(c, k1, label: "load1")   // same slot: WAR against mov0, unordered
            c.setFlag(.mte2, .mte1, 1, label: "ready1")
            c.waitFlag(.mte2, .mte1, 1, label: "ready1")
            c.pipeBarrier(.all)
        }]
    }

    /// Block b of every runtime task used to repeat one random draw. Tasks now draw apart by their rank in the
    /// launch; rank 0 (a one-task launch, or a launch's first task) draws as before.
    @Test func randomDrawsDifferBetweenTasks() throws {
        let perturber = Perturber(seed: 7, random: try TimingParameters.builtIn().randomSchedule)
        func draws(_ rank: Int) -> [Double] {
            (0..<64).flatMap { i -> [Double] in
                let d = perturber.perturbation(taskRank: rank, block: 3, core: 1, index: i, pipe: .mte2, movesData: true)
                return [d.spread, d.stall, d.completionDelay]
            }
        }
        let unranked = (0..<64).flatMap { i -> [Double] in
            let d = perturber.perturbation(block: 3, core: 1, index: i, pipe: .mte2, movesData: true)
            return [d.spread, d.stall, d.completionDelay]
        }
        #expect(draws(0) == unranked)
        #expect(draws(1) != draws(0))
        #expect(draws(2) != draws(1))
        #expect(draws(1) == draws(1))
    }

    @Test func aRandomScheduleIsAFunctionOfItsSeed() throws {
        func ends(_ seed: UInt64) throws -> [Double] {
            var h = try TimedHarness()
            h.schedule = .random(seed: seed)
            h.clusters = 3
            let k0 = h.bf16Buffer(128 * 128, name: "k0"), k1 = h.bf16Buffer(128 * 128, name: "k1")
            let r = try h.run(aic: Self.aicScript(k0, k1), effects: false)
            return r.timeline.flatMap { $0.cores[0].map(\.endCycles) }
        }
        let a = try ends(11), b = try ends(11), c = try ends(12)
        #expect(a == b)
        #expect(a != c)
        var h = try TimedHarness()
        let k0 = h.bf16Buffer(128 * 128, name: "k0"), k1 = h.bf16Buffer(128 * 128, name: "k1")
        h.clusters = 3
        let nominal = try h.run(aic: Self.aicScript(k0, k1), effects: false).timeline.flatMap { $0.cores[0].map(\.endCycles) }
        #expect(a != nominal)
    }

    @Test func theAdversarialScheduleMakesTheLaterWriteLandBeforeTheEarlierRead() throws {
        var h = try TimedHarness()
        let k0 = h.gm.register(TestTensors.bf16([Float](repeating: 1, count: 16384), shape: [16384]).0, name: "k0")
        let k1 = h.gm.register(TestTensors.bf16([Float](repeating: 2, count: 16384), shape: [16384]).0, name: "k1")
        let nominal = try h.run(aic: Self.aicScript(k0, k1))
        let mov = try nominal.entry(core: 0, .tmov, "mov0"), load1 = try nominal.entry(core: 0, .tload, "load1")
        // Nominally the move reads the slot long before the second load lands: it sees K0.
        #expect(mov.startCycles < load1.endCycles)
        #expect(nominal.run.adversarialTargets.isEmpty)

        h.schedule = .adversarial
        let adv = try h.run(aic: Self.aicScript(k0, k1))
        let target = try #require(adv.run.adversarialTargets.first)
        #expect(adv.run.adversarialTargets.count == 1)
        #expect(target.hazard.kind == .war && target.delayKind == "stall" && target.realized)
        #expect(target.hazard.first.label == "mov0" && target.hazard.second.label == "load1")
        let mov2 = try adv.entry(core: 0, .tmov, "mov0"), load2 = try adv.entry(core: 0, .tload, "load1")
        #expect(mov2.startCycles >= load2.endCycles)
        // The move now copied K1 (2.0 = 0x4000 in bf16) into L0B.
        let cluster = try #require(adv.clusters.first)
        let bytes = cluster.scratchpadBytes(core: 0, .l0b, offset: 0, count: 4)
        #expect(bytes == [0x00, 0x40, 0x00, 0x40])
    }

    @Test func theChromeTraceHasOneProcessPerCoreOneTrackPerPipeAndTheFlagFlows() throws {
        let h = try TimedHarness()
        let k = h.bf16Buffer(128 * 128, name: "k")
        let r = try h.run(aic: [{ c in
            TimingEngineTests.kLoad(c, k)
            c.setFlag(.mte2, .mte1, 0, label: "ready")
            c.waitFlag(.mte2, .mte1, 0, label: "ready")
            TimingEngineTests.move(c, from: 0)
        }], effects: false)
        let text = ChromeTrace.json(r.timeline, clockHz: 1.85e9, title: "test")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let events = try #require(root["traceEvents"] as? [[String: Any]])
        let names = events.filter { $0["name"] as? String == "process_name" }
            .compactMap { ($0["args"] as? [String: Any])?["name"] as? String }
        #expect(names == ["aic0", "aiv0.0", "aiv0.1"])
        let tracks = events.filter { $0["name"] as? String == "thread_name" && $0["pid"] as? Int == 1 }
            .compactMap { ($0["args"] as? [String: Any])?["name"] as? String }
        #expect(tracks == ["S", "MTE1", "MTE2", "MTE3", "M", "FIX"])
        let load = try #require(events.first { $0["name"] as? String == "TLOAD load" })
        let e = try r.entry(core: 0, .tload, "load")
        #expect(load["ph"] as? String == "X" && load["tid"] as? Int == 3)
        let dur = try #require(load["dur"] as? Double)
        #expect(abs(dur - (e.endCycles - e.startCycles) / 1850) < 1e-5)
        let flows = events.filter { $0["cat"] as? String == "sync" }
        #expect(flows.map { $0["ph"] as? String } == ["s", "f"])
        #expect(flows[0]["tid"] as? Int == 3 && flows[1]["tid"] as? Int == 2)
    }
}
