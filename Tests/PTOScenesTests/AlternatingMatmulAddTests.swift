import Testing
import PTOCases
import PTOCore
import PTOKernels
import PTONumerics
import PTORuntime
@testable import PTOScenes

/// `alternating_matmul_add` on its `default` case and on a few reduced cases of the same shape: the outputs against
/// the golden (at the test's tolerance and bit for bit), the golden against a plain reference, the task graph, and
/// the checked-run verdict.
@Suite struct AlternatingMatmulAddTests {
    let scene = AlternatingMatmulAddScene()

    func run(_ c: SceneCase, mode: LaunchMode = .functional) throws -> (SceneRun, [String: Tensor]) {
        let args = try scene.makeArgs(c, seed: 42)
        let golden = try scene.golden(args, c)
        let run = try SceneRunner.run(scene, c, args: args, launch: SceneLaunch(clusters: 2, threads: 2, mode: mode))
        return (run, golden)
    }

    func compare(_ run: SceneRun, _ golden: [String: Tensor]) throws -> [SceneComparison] {
        let out = try run.outputs(scene)
        return try scene.outputNames.map {
            try SceneComparison.compare($0, actual: out[$0]!, expected: golden[$0]!, tolerance: scene.tolerance)
        }
    }

    /// The default case: one matmul task and one add task, each output equal to the golden bit for bit.
    @Test func defaultCaseEqualsTheGoldenExactly() throws {
        let c = try scene.sceneCase(named: "default")
        let (run, golden) = try run(c)
        #expect(run.runtime.tasks.map(\.shape) == [.aic, .aiv])
        for cmp in try compare(run, golden) {
            #expect(cmp.passed && cmp.exact, "\(cmp.name): \(cmp.mismatches) outside tolerance, \(cmp.differing) differ")
            #expect(cmp.count == 128 * 128)
        }
    }

    /// Groups of several tiles: 2 matmul tasks of 2 tiles, 2 add tasks of 3 tiles, interleaved, none depending on
    /// another; the outputs are still exact.
    @Test func groupedTasksAreInterleavedIndependentAndExact() throws {
        let c = try scene.sceneCase(named: "default").with("batch", .int(2)).with("M", .int(2)).with("N", .int(3))
            .with("matmul_batch", .int(2)).with("add_batch", .int(3))
        let (run, golden) = try run(c)
        #expect(run.runtime.tasks.map(\.shape) == [.aic, .aiv, .aic, .aiv])
        #expect(run.runtime.tasks.allSatisfy { $0.producers.isEmpty })
        #expect(run.runtime.tasks.map(\.directions) == Array(repeating: [.input, .input, .outputExisting], count: 4))
        for cmp in try compare(run, golden) { #expect(cmp.exact, "\(cmp.name)") }
    }

    /// The orchestration submits whole groups only (as simpler's does): with 3 matmul tiles in groups of 2, the last
    /// tile of C is never computed and stays zero, so the case fails its golden there — and only there.
    @Test func aRemainderTileIsNeverSubmitted() throws {
        let c = try scene.sceneCase(named: "default").with("M", .int(3)).with("matmul_batch", .int(2))
        let (run, golden) = try run(c)
        let cmp = try compare(run, golden)
        #expect(cmp[1].exact)
        let cOut = try run.outputs(scene)["C"]!
        let tile = 128 * 128
        #expect((0..<(2 * tile)).allSatisfy { cOut.f32[$0] == golden["C"]!.f32[$0] })
        #expect((2 * tile..<(3 * tile)).allSatisfy { cOut.f32[$0] == 0 })
        #expect(cmp[0].mismatches > 0)
    }

    /// The golden's products against a double-precision dot product and its sums against exact fp32 addition.
    @Test func goldenMatchesAPlainReference() throws {
        let c = try scene.sceneCase(named: "default")
        let args = try scene.makeArgs(c, seed: 7)
        let g = try scene.golden(args, c)
        let a = try args.tensor("A"), b = try args.tensor("B"), x = try args.tensor("X"), y = try args.tensor("Y")
        for (i, j) in [(0, 0), (5, 77), (127, 127), (64, 3)] {
            var dot = 0.0
            for p in 0..<128 { dot += Double(a.f32[i * 128 + p]) * Double(b.f32[p * 128 + j]) }
            #expect(abs(Double(g["C"]!.f32[i * 128 + j]) - dot) <= 1e-7, "C[\(i)][\(j)]")
        }
        #expect((0..<x.count).allSatisfy { g["Z"]!.f32[$0] == x.f32[$0] + y.f32[$0] })
        // torch.randn · 0.01: standard deviation 0.01.
        let sd = ((0..<a.count).reduce(0.0) { $0 + Double(a.f32[$1] * a.f32[$1]) } / Double(a.count)).squareRoot()
        #expect(abs(sd - 0.01) < 0.0005)
    }

    /// Checked runs of the default case and of tasks of several tiles: every block clean — the kernels' events and
    /// the `pipe_sync` drain order every reuse of L1, L0A/L0B, L0C and UB, within a tile and from one tile to the next.
    @Test(arguments: [1, 3])
    func checkedRunIsClean(tilesPerTask: Int) throws {
        let c = try scene.sceneCase(named: "default").with("M", .int(tilesPerTask)).with("N", .int(tilesPerTask))
            .with("matmul_batch", .int(tilesPerTask)).with("add_batch", .int(tilesPerTask))
        let (run, golden) = try run(c, mode: .checked(overlappingPipes: []))
        let reports = run.outcomes.checkReports
        #expect(reports.count == 2)
        for (site, report) in reports { #expect(report.isClean, "\(site): \(report.hazards)") }
        for cmp in try compare(run, golden) { #expect(cmp.exact) }
    }

    @Test func parametersTheOrchestrationCannotRunAreOneLineErrors() {
        let c = AlternatingMatmulAddScene().cases[0]
        #expect(throws: CaseError.self) { try AlternatingMatmulAddScene().makeArgs(c.with("M", .int(0)), seed: 1) }
        #expect(throws: CaseError.self) {
            try AlternatingMatmulAddScene().makeArgs(c.with("add_batch", .int(-1)), seed: 1)
        }
    }
}
