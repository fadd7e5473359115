import Testing
import PTOCases
import PTOCore
import PTOKernels
import PTORuntime
@testable import PTOScenes

/// The adversarial schedule on the runtime replay of multi-task scenes: the hazards `ptosim check` finds become
/// delays on the captured block of the task they occur in, the whole replay is re-run with them, and the data effects
/// at the modeled times show what each finding does. A scene without hazards runs exactly as nominal.
@Suite struct AdversarialRuntimeTests {
    typealias Checks = PagedAttentionGoldenModuleChecks

    static func chip(_ schedule: Schedule, overlap: Set<Pipe> = []) throws -> TimedChip {
        TimedChip(options: .init(parameters: try TimingParameters.builtIn(.public), schedule: schedule,
                                 adversarialOverlap: overlap))
    }

    /// One request of three 128-token blocks: the pass-1 prefetch WAR occurs once. The nominal replay passes; the
    /// adversarial one stalls TROWMAX of tile 0 until the prefetch of tile 2 has landed in its slot, which also makes
    /// the MTE2→V set of tile 2 find tile 1's bit still up: the signal is lost and the softmax never finishes.
    @Test func theUnrollPrefetchWARIsRealizedAndBreaksTheRun() throws {
        let s = PagedAttentionUnrollScene(scopeMode: .auto)
        let c = try s.sceneCase(named: "Case1").with("batch", .int(1)).with("context_len", .int(300))
        let nominal = try Checks.run(s, c, clusters: 4, mode: .timed(try Self.chip(.nominal)))
        #expect(try #require(nominal.timed).run.faults.isEmpty)
        try Checks.expectPassesGoldenAndEqualsKernelFormulation(s, nominal, c)

        let adv = try Checks.run(s, c, clusters: 4, mode: .timed(try Self.chip(.adversarial)))
        let timed = try #require(adv.timed)
        #expect(timed.runtime != nil, "multi-task launches run on the runtime replay")
        let target = try #require(timed.run.adversarialTargets.first)
        #expect(timed.run.adversarialTargets.count == 1)
        #expect(target.hazard.kind == .war && target.delayKind == "stall" && target.realized)
        #expect(target.hazard.first.label == "aiv.sf.p1.rowmax[0]")
        #expect(target.hazard.second.label == "aiv.sf.p1.prefetch-s[2]")
        #expect(adv.runtime.tasks[target.task].shape == .aiv && target.hardwareBlock == 0)
        #expect(timed.run.faults.contains { $0.kind == .lostSignal && $0.message.contains("aiv.sf.p1.mte2-v[2]") })
        let out = try #require(try adv.outputs(s)["out"])
        let exact = try SceneComparison.compare("out", actual: out, expected: try s.kernelFormulation(adv.args, c),
                                                tolerance: s.tolerance)
        #expect(exact.differing > 0)
        let expected = try #require(try s.golden(adv.args, c)["out"])
        let golden = try SceneComparison.compare("out", actual: out, expected: expected, tolerance: s.tolerance)
        #expect(!golden.passed)
    }

    /// With V's consecutive instructions unordered, the two TROWEXPANDMULs of the online update write the same
    /// scratch: the schedule lands the first one's write last. The scratch is read by nothing after them, so the
    /// output stays the kernel formulation's bit for bit.
    @Test(arguments: ["batch_paged_attention", "paged_attention"])
    func theUpdateScratchWAWIsRealizedAndChangesNoOutput(name: String) throws {
        let s = try #require(try SceneCatalogue.scene(named: name) as? any PagedAttentionGoldenModuleScene)
        let c = try s.sceneCase(named: "CaseSmall1")
        let adv = try Checks.run(s, c, clusters: 3, mode: .timed(try Self.chip(.adversarial, overlap: [.v])))
        let timed = try #require(adv.timed)
        let target = try #require(timed.run.adversarialTargets.first)
        #expect(timed.run.adversarialTargets.count == 1)
        #expect(target.hazard.kind == .waw && target.delayKind == "completion" && target.realized)
        #expect(target.hazard.first.label.hasPrefix("aiv.up.scale-oi"))
        #expect(target.hazard.second.label.hasPrefix("aiv.up.scale-oi-new"))
        #expect(timed.run.faults.isEmpty)
        try Checks.expectPassesGoldenAndEqualsKernelFormulation(s, adv, c)
        // Without --overlap V the in-order V pipe orders the pair: nothing to target.
        let plain = try Checks.run(s, c, clusters: 3, mode: .timed(try Self.chip(.adversarial)))
        #expect(try #require(plain.timed).run.adversarialTargets.isEmpty)
    }

    /// alternating_matmul_add has no hazard: the adversarial replay is the nominal one, time for time and bit for bit.
    @Test func aSceneWithoutHazardsRunsTheAdversarialScheduleAsNominal() throws {
        let s = AlternatingMatmulAddScene()
        let c = try s.sceneCase(named: "default")
        func run(_ schedule: Schedule) throws -> (SceneRun, SceneTimedResult) {
            let r = try SceneRunner.run(s, c, args: try s.makeArgs(c, seed: 5),
                                        launch: SceneLaunch(threads: 1, mode: .timed(try Self.chip(schedule))))
            return (r, try #require(r.timed))
        }
        let (nominalRun, nominal) = try run(.nominal)
        let (advRun, adv) = try run(.adversarial)
        #expect(advRun.runtime.tasks.count > 1)
        #expect(adv.run.adversarialTargets.isEmpty)
        #expect(adv.run.blocks == nominal.run.blocks)
        #expect(adv.modeled.elapsedMicros == nominal.modeled.elapsedMicros)
        #expect(adv.run.faults.isEmpty)
        for name in s.outputNames {
            let same = try SceneComparison.compare(name, actual: try advRun.args.tensor(name),
                                                   expected: try nominalRun.args.tensor(name), tolerance: s.tolerance)
            #expect(same.exact, "\(name): \(same.differing) elements differ")
        }
    }
}
