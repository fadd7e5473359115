import Testing
import PTOCases
import PTOCore
import PTOKernels
import PTONumerics
import PTORuntime
@testable import PTOScenes

/// `benchmark_bgemm` on its smallest case (`Bgemm64`: 8 groups of 4 partial products, one 64×64 tile per task) and
/// on a reduced 128-edge case: the output against the golden (tolerance and bit for bit), the golden against a plain
/// reference, the task graph the tensormap builds, and the checked-run verdict.
@Suite struct BenchmarkBgemmTests {
    let scene = BenchmarkBgemmScene()

    func run(_ c: SceneCase, mode: LaunchMode = .functional) throws -> (SceneRun, Tensor) {
        let args = try scene.makeArgs(c, seed: 42)
        let golden = try scene.golden(args, c)["C"]!
        let run = try SceneRunner.run(scene, c, args: args, launch: SceneLaunch(threads: 2, mode: mode))
        return (run, golden)
    }

    func compare(_ run: SceneRun, _ golden: Tensor) throws -> SceneComparison {
        try SceneComparison.compare("C", actual: try run.outputs(scene)["C"]!, expected: golden,
                                    tolerance: scene.tolerance)
    }

    /// Bgemm64 equals the golden bit for bit: the cube's products and the adds in k order, as the golden makes them.
    @Test func bgemm64EqualsTheGoldenExactly() throws {
        let (run, golden) = try run(try scene.sceneCase(named: "Bgemm64"))
        let cmp = try compare(run, golden)
        #expect(cmp.count == 8 * 64 * 64)
        #expect(cmp.passed && cmp.exact, "\(cmp.mismatches) outside tolerance, \(cmp.differing) differ")
        #expect(run.runtime.tasks.count == 64)
    }

    /// Each group's tasks: GEMM k (AIC, no producer), then ADD k (AIV) after its GEMM (P's creator edge) and after
    /// the group's previous ADD (C in-out); groups never wait for each other.
    @Test func addsOfAGroupAreChainedOnC() throws {
        let (run, _) = try run(try scene.sceneCase(named: "Bgemm64"))
        let tasks = run.runtime.tasks
        for group in 0..<8 {
            for k in 0..<4 {
                let gemm = tasks[(group * 4 + k) * 2], add = tasks[(group * 4 + k) * 2 + 1]
                #expect(gemm.shape == .aic && add.shape == .aiv)
                #expect(gemm.directions == [.input, .input, .output, .input])
                #expect(add.directions == [.inout, .input, .input])
                #expect(gemm.producers.isEmpty)
                let previousAdd = k > 0 ? [tasks[(group * 4 + k - 1) * 2 + 1].id] : []
                #expect(Set(add.producers) == Set([gemm.id] + previousAdd), "group \(group) k \(k)")
            }
        }
    }

    /// A reduced 128-edge case (8 tasks, 2 tiles each, grid_k 2): the Case0 tile shapes in a few seconds.
    @Test func reduced128CaseEqualsTheGoldenExactly() throws {
        let c = try scene.sceneCase(named: "Case1").with("matmul_add_task_num", .int(8)).with("incore_loop", .int(2))
        let (run, golden) = try run(c)
        let cmp = try compare(run, golden)
        #expect(cmp.count == 4 * 2 * 128 * 128)
        #expect(cmp.exact)
    }

    /// The golden's accumulated products against a double-precision sum over all grid_k partial products.
    @Test func goldenMatchesAPlainReference() throws {
        let c = try scene.sceneCase(named: "Bgemm64")
        let args = try scene.makeArgs(c, seed: 3)
        let g = try scene.golden(args, c)["C"]!
        let a = try args.tensor("A"), b = try args.tensor("B")
        let e = 64 * 64
        for (group, i, j) in [(0, 0, 0), (3, 10, 63), (7, 63, 5)] {
            var sum = 0.0
            for k in 0..<4 {
                let at = (group * 4 + k) * e
                for p in 0..<64 { sum += Double(a.f32[at + i * 64 + p]) * Double(b.f32[at + p * 64 + j]) }
            }
            #expect(abs(Double(g.f32[group * e + i * 64 + j]) - sum) <= 1e-7, "C[\(group)][\(i)][\(j)]")
        }
        #expect(try args.tensor("config").i64[0] == 64 && args.tensor("config").i64[2] == 8)
    }

    /// Checked runs of Bgemm64 (one tile per task) and of the same case with 3 tiles per task: every block clean.
    @Test(arguments: [1, 3])
    func checkedRunIsClean(tilesPerTask: Int) throws {
        let c = try scene.sceneCase(named: "Bgemm64").with("incore_loop", .int(tilesPerTask))
        let (run, golden) = try run(c, mode: .checked(overlappingPipes: []))
        let reports = run.outcomes.checkReports
        #expect(reports.count == 64)
        for (site, report) in reports { #expect(report.isClean, "\(site): \(report.hazards)") }
        #expect(try compare(run, golden).exact)
    }

    @Test func parametersTheKernelsCannotRunAreOneLineErrors() throws {
        let c = try scene.sceneCase(named: "Bgemm64")
        #expect(throws: CaseError.self) { try scene.makeArgs(c.with("incore_data_size", .int(48)), seed: 1) }
        #expect(throws: CaseError.self) { try scene.makeArgs(c.with("grid_k", .int(0)), seed: 1) }
        #expect(throws: CaseError.self) { try scene.makeArgs(c.with("matmul_add_task_num", .int(3)), seed: 1) }
    }
}
