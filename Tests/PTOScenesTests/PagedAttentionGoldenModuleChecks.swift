import Testing
import PTOCases
import PTOCore
import PTOKernels
import PTONumerics
import PTORuntime
@testable import PTOScenes

/// The checks the tests of `batch_paged_attention`, `paged_attention` and the two unroll scenes share: a run on
/// generated inputs, the golden and exact comparisons, Case3's failing golden, the golden module's parameter
/// errors, and the race checker's findings that the two four-kernel graphs have in common.
enum PagedAttentionGoldenModuleChecks {
    /// Runs `c` of `scene` on inputs generated from `seed`, on `clusters` clusters and two host threads.
    static func run(_ scene: some Scene, _ c: SceneCase, seed: UInt64 = 7, clusters: Int,
                    mode: LaunchMode = .functional, options: SceneOptions = SceneOptions()) throws -> SceneRun {
        let args = try scene.makeArgs(c, seed: seed)
        return try SceneRunner.run(scene, c, args: args, launch: SceneLaunch(clusters: clusters, threads: 2,
                                                                             mode: mode, options: options))
    }

    /// Expects `run`'s `out` to pass the golden at the scene's tolerance and to equal the kernel formulation bit for
    /// bit; returns the comparison with the golden.
    @discardableResult
    static func expectPassesGoldenAndEqualsKernelFormulation(
        _ scene: some PagedAttentionGoldenModuleScene, _ run: SceneRun, _ c: SceneCase,
        sourceLocation: SourceLocation = #_sourceLocation) throws -> SceneComparison {
        let out = try #require(try run.outputs(scene)["out"], sourceLocation: sourceLocation)
        let golden = try #require(try scene.golden(run.args, c)["out"], sourceLocation: sourceLocation)
        let vsGolden = try SceneComparison.compare("out", actual: out, expected: golden, tolerance: scene.tolerance)
        #expect(vsGolden.passed, "\(scene.name) \(c.name): \(vsGolden.mismatches) of \(vsGolden.count) outside tolerance",
                sourceLocation: sourceLocation)
        let exact = try SceneComparison.compare("out", actual: out, expected: try scene.kernelFormulation(run.args, c),
                                                tolerance: scene.tolerance)
        #expect(exact.exact, "\(scene.name) \(c.name): \(exact.differing) elements differ from the kernel formulation",
                sourceLocation: sourceLocation)
        return vsGolden
    }

    /// Case3 (head_dim 256) shrunk to 2 requests of 2 blocks: the kernels run their head_dim-128 tiles on it and
    /// the output fails the golden, as it would on the chip.
    static func expectCase3RunsAndFailsItsGolden(_ scene: some Scene,
                                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let c = try scene.sceneCase(named: "Case3").with("batch", .int(2)).with("context_len", .int(128))
            .with("max_model_len", .int(256))
        #expect(try c.int("head_dim") == 256, sourceLocation: sourceLocation)
        let run = try run(scene, c, seed: 3, clusters: 2)
        let out = try #require(try run.outputs(scene)["out"], sourceLocation: sourceLocation)
        let golden = try #require(try scene.golden(run.args, c)["out"], sourceLocation: sourceLocation)
        let cmp = try SceneComparison.compare("out", actual: out, expected: golden, tolerance: scene.tolerance)
        #expect(!cmp.passed, "\(scene.name) Case3 passed its golden", sourceLocation: sourceLocation)
    }

    /// The golden module's rules on `caseName` of `scene`: no context, several KV heads and a context longer than
    /// the block table are each a `CaseError`.
    static func expectBadParametersAreCaseErrors(_ scene: some Scene, _ caseName: String,
                                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let c = try scene.sceneCase(named: caseName)
        let tooLong = try c.int("max_model_len") + 1
        for bad in [c.with("context_len", .int(0)), c.with("kv_head_num", .int(2)),
                    c.with("context_len", .int(tooLong))] {
            #expect(throws: CaseError.self, sourceLocation: sourceLocation) { try scene.makeArgs(bad, seed: 1) }
        }
    }

    /// Every block of a checked run is clean: no hazard, warning or fault; `blocks` blocks were checked.
    static func expectCheckedRunIsClean(_ run: SceneRun, blocks: Int,
                                        sourceLocation: SourceLocation = #_sourceLocation) {
        let reports = run.outcomes.checkReports
        #expect(reports.count == blocks, sourceLocation: sourceLocation)
        for (site, report) in reports {
            #expect(report.isClean && report.faults.isEmpty,
                    "\(site): \(report.hazards.count) hazards, \(report.warnings.count) warnings",
                    sourceLocation: sourceLocation)
        }
    }

    /// With consecutive V instructions allowed to overlap, the online update's two back-to-back TROWEXPANDMULs (no
    /// pipe_barrier(V) between them) both write the fixed TROWEXPAND scratch at UB 184 KiB: one WAW in every update
    /// block that accumulates (`accumulatingUpdates` of them), and nothing else anywhere.
    static func expectOnlyTheRowExpandScratchWAW(_ run: SceneRun, onlineUpdate: Int, accumulatingUpdates: Int,
                                                 sourceLocation: SourceLocation = #_sourceLocation) {
        for (site, report) in run.outcomes.checkReports {
            let accumulates = site.kernel == onlineUpdate && !report.hazards.isEmpty
            if !accumulates {
                #expect(report.isClean, "\(site): \(report.hazards.count) hazards", sourceLocation: sourceLocation)
                continue
            }
            #expect(report.hazards.allSatisfy { h in
                h.kind == .waw && h.space == .ub && h.offset == 184 * 1024
                    && h.first.label.hasPrefix("aiv.up.scale-oi") && h.second.label.hasPrefix("aiv.up.scale-oi-new")
            }, "\(site): \(report.hazards)", sourceLocation: sourceLocation)
        }
        let withHazard = run.outcomes.checkReports.filter { $0.site.kernel == onlineUpdate && !$0.report.hazards.isEmpty }
        #expect(withHazard.count == accumulatingUpdates, sourceLocation: sourceLocation)
    }

    /// With `aiv.sf.mte2-v` dropped, every softmax block (kernel `softmaxPrepare`) of a checked run has a hazard.
    static func expectDroppingTheSoftmaxLoadEventIsAHazard(_ scene: some Scene, _ caseName: String, clusters: Int,
                                                           softmaxPrepare: Int,
                                                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        let run = try run(scene, try scene.sceneCase(named: caseName), clusters: clusters,
                          mode: .checked(overlappingPipes: []), options: SceneOptions(droppedSyncs: ["aiv.sf.mte2-v"]))
        let softmax = run.outcomes.checkReports.filter { $0.site.kernel == softmaxPrepare }
        #expect(!softmax.isEmpty && softmax.allSatisfy { !$0.report.hazards.isEmpty }, sourceLocation: sourceLocation)
    }
}
