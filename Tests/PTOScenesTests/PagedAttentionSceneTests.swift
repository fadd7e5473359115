import Testing
import PTOCases
import PTOCore
import PTOGolden
import PTOKernels
import PTONumerics
import PTORuntime
@testable import PTOScenes

/// paged_attention (the examples/ scene) on its small cases: against the golden at the test's tolerance, bit for bit against the
/// kernels' own arithmetic, and under the race checker.
@Suite struct PagedAttentionSceneTests {
    let scene = PagedAttentionScene()

    func run(_ caseName: String, mode: LaunchMode = .functional, options: SceneOptions = SceneOptions())
        throws -> (SceneRun, SceneCase) {
        let c = try scene.sceneCase(named: caseName)
        let args = try scene.makeArgs(c, seed: 7)
        return (try SceneRunner.run(scene, c, args: args, launch: SceneLaunch(clusters: 3, threads: 2, mode: mode,
                                                                              options: options)), c)
    }

    @Test(arguments: ["CaseSmall1", "CaseSmall2", "CaseVarSeq2", "CaseVarSeq4"])
    func smallCasePassesTheGoldenAndEqualsTheKernelFormulation(_ name: String) throws {
        let (run, c) = try run(name)
        let out = try run.outputs(scene)["out"]!
        let golden = try scene.golden(run.args, c)["out"]!
        let cmp = try SceneComparison.compare("out", actual: out, expected: golden, tolerance: scene.tolerance)
        #expect(cmp.passed, "\(name): \(cmp.mismatches) mismatches, max error \(cmp.maxAbsError)")
        let exact = try SceneComparison.compare("out", actual: out, expected: try scene.kernelFormulation(run.args, c),
                                                tolerance: scene.tolerance)
        #expect(exact.exact, "\(name): \(exact.differing) elements differ from the kernel formulation")
    }

    @Test func taskCountFollowsEachRequestsBlocks() throws {
        // CaseVarSeq4: contexts 33, 64, 128, 15 in blocks of 16 = 3 + 4 + 8 + 1 blocks, 4 tasks each, plus one
        // accumulator allocation per request.
        let (run, _) = try run("CaseVarSeq4")
        #expect(run.runtime.tasks.count == 4 + 16 * 4)
    }

    @Test func checkedRunIsClean() throws {
        let (run, _) = try run("CaseVarSeq2", mode: .checked(overlappingPipes: []))
        let reports = run.outcomes.checkReports
        #expect(reports.count == (3 + 2) * 4)
        for (site, report) in reports {
            #expect(report.isClean && report.faults.isEmpty, "\(site): \(report.hazards.count) hazards, \(report.warnings.count) warnings")
        }
    }

    /// With consecutive V instructions allowed to overlap, UP's two back-to-back TROWEXPANDMULs (no pipe_barrier(V)
    /// between them) both write the fixed TROWEXPAND scratch at UB 184 KiB: one WAW in every UP block that
    /// accumulates, and nothing else anywhere.
    @Test func overlappingVectorPipeFindsTheRowExpandScratchWAW() throws {
        let (run, _) = try run("CaseVarSeq2", mode: .checked(overlappingPipes: [.v]))
        for (site, report) in run.outcomes.checkReports {
            let accumulates = site.kernel == PagedAttentionExampleKernels.onlineUpdate && !report.hazards.isEmpty
            if !accumulates {
                #expect(report.isClean, "\(site): \(report.hazards.count) hazards")
                continue
            }
            #expect(report.hazards.allSatisfy { h in
                h.kind == .waw && h.space == .ub && h.offset == 184 * 1024
                    && h.first.label.hasPrefix("aiv.up.scale-oi") && h.second.label.hasPrefix("aiv.up.scale-oi-new")
            }, "\(site): \(report.hazards)")
        }
        let upWithHazard = run.outcomes.checkReports.filter { $0.site.kernel == PagedAttentionExampleKernels.onlineUpdate && !$0.report.hazards.isEmpty }
        #expect(upWithHazard.count == (3 - 1) + (2 - 1))
    }

    @Test func droppingTheSoftmaxLoadEventIsAHazard() throws {
        let (run, _) = try run("CaseSmall1", mode: .checked(overlappingPipes: []),
                               options: SceneOptions(droppedSyncs: ["aiv.sf.mte2-v"]))
        let softmax = run.outcomes.checkReports.filter { $0.site.kernel == PagedAttentionExampleKernels.softmaxPrepare }
        #expect(!softmax.isEmpty && softmax.allSatisfy { !$0.report.hazards.isEmpty })
    }

    @Test func case3RunsAndFailsItsGolden() throws {
        // Case3's head_dim 256 on the kernels' 128-wide tiles, shrunk to 2 requests of 2 blocks to stay small.
        let c = try scene.sceneCase(named: "Case3").with("batch", .int(2)).with("context_len", .int(128))
            .with("max_model_len", .int(256))
        let args = try scene.makeArgs(c, seed: 3)
        let run = try SceneRunner.run(scene, c, args: args, launch: SceneLaunch(clusters: 2, threads: 2))
        let cmp = try SceneComparison.compare("out", actual: try run.outputs(scene)["out"]!,
                                              expected: try scene.golden(args, c)["out"]!, tolerance: scene.tolerance)
        #expect(!cmp.passed)
    }

    @Test func badParametersAreOneLineErrors() throws {
        let c = try scene.sceneCase(named: "CaseSmall1")
        #expect(throws: CaseError.self) { try scene.makeArgs(c.with("context_len", .int(0)), seed: 1) }
        #expect(throws: CaseError.self) { try scene.makeArgs(c.with("kv_head_num", .int(2)), seed: 1) }
        #expect(throws: CaseError.self) { try scene.makeArgs(c.with("context_len", .int(300)), seed: 1) }
    }
}
