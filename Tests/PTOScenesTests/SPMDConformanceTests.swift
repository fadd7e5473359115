import PTOCases
import PTOCore
import PTOKernels
import PTONumerics
import PTORuntime
import Testing
@testable import PTOScenes

/// simpler's nine SPMD conformance scenes end to end: their orchestrations submit through the runtime, their
/// kernels run as PTOCore programs (scalar GM stores and `dcci`) on the cores the runtime hands them, and what they
/// write must equal, bit for bit, what each test file's golden expects. The runtime-only versions with host-closure
/// bodies stay in PTORuntimeTests (SPMDSystemTests, SyncStartTests).
@Suite struct SPMDConformanceTests {
    typealias S = SPMDConformanceSupport.Submitted

    static func mix(_ n: Int, sync: Bool = false) -> S { S(shape: .mix, blockNum: n, syncStart: sync) }
    static func aiv(_ n: Int, sync: Bool = false) -> S { S(shape: .aiv, blockNum: n, syncStart: sync) }

    /// Each scene with the tasks its orchestration .cpp submits, stated here from the .cpp.
    static let scenes: [(any Scene, [S])] = [
        (SPMDBasicScene(), [mix(1)]),
        (SPMDMultiblockAIVScene(), [4, 16, 24, 48, 96].map { aiv($0) }),
        (SPMDMultiblockMixScene(), [2, 8, 12, 24, 48].map { mix($0) }),
        (SPMDSyncStartScene(), [mix(2, sync: true), mix(8, sync: true), mix(2), mix(12, sync: true)]),
        (SPMDSyncStartAIVScene(), [aiv(4, sync: true), aiv(16, sync: true), aiv(4), aiv(24, sync: true)]),
        (SPMDSyncStartEdgeScene(), [1, 8, 9, 23].map { mix($0, sync: true) } + [mix(1)]),
        (SPMDSyncStartStressScene(), Array(repeating: Array(repeating: mix(4), count: 4)
            + [mix(12, sync: true), mix(12, sync: true), aiv(8, sync: true), aiv(8, sync: true), aiv(4)], count: 6)
            .flatMap { $0 }),
        (SPMDStarvationScene(), Array(repeating: mix(4), count: 6) + [mix(6, sync: true)]
            + Array(repeating: mix(4), count: 6) + [mix(6, sync: true)] + Array(repeating: mix(4), count: 6)),
        (SPMDBatchDispatchOOBScene(), [mix(48), mix(48)]),
    ]

    static var names: [String] { scenes.map(\.0.name) }

    static func scene(_ name: String) -> (any Scene, [S]) { scenes.first { $0.0.name == name }! }

    /// The output equals the golden exactly, the tasks are the ones the .cpp submits, and the schedule is sound.
    @Test(arguments: names)
    func writtenValuesEqualTheGoldenExactly(_ name: String) throws {
        let (scene, expectedTasks) = Self.scene(name)
        let (run, cmp) = try SPMDConformanceSupport.run(scene)
        #expect(cmp.exact && cmp.passed,
                "\(name): \(cmp.differing) of \(cmp.count) values differ, first \(String(describing: cmp.firstMismatch))")
        #expect(SPMDConformanceSupport.submitted(run.runtime) == expectedTasks)
        #expect(SPMDConformanceSupport.scheduleProblems(run.runtime) == [])
        #expect(run.outcomes.warnings.isEmpty)
    }

    /// Every block of every task runs under the race checker: one report per block, each clean.
    @Test(arguments: names)
    func checkedRunIsCleanInEveryBlock(_ name: String) throws {
        let (scene, expectedTasks) = Self.scene(name)
        let (run, cmp) = try SPMDConformanceSupport.run(scene, mode: .checked(overlappingPipes: []))
        #expect(cmp.exact)
        let reports = run.outcomes.checkReports
        #expect(reports.count == expectedTasks.reduce(0) { $0 + $1.blockNum })
        let dirty = reports.filter { !$0.report.isClean }
        #expect(dirty.isEmpty, "\(dirty.first.map { "\($0.site): \($0.report.text())" } ?? "")")
    }

    /// The golden's layout is the test file's: its output size and how many values are marked non-zero (every
    /// cache line a block owns, except block 0's, whose mark 0.0 equals the zeroed tensor), counted by hand.
    @Test(arguments: [("spmd_basic", 48, 4), ("spmd_multiblock_aiv", 3008, 183), ("spmd_multiblock_mix", 4512, 267),
                      ("spmd_sync_start", 1152, 60), ("spmd_sync_start_aiv", 768, 44), ("spmd_sync_start_edge", 2016, 111),
                      ("spmd_sync_start_stress", 13440, 714), ("spmd_starvation", 4032, 192),
                      ("spmd_batch_dispatch_oob", 4608, 282)])
    func goldenHasTheTestFilesLayout(_ name: String, _ count: Int, _ nonZero: Int) throws {
        let scene = try #require(Self.scene(name).0 as? any SPMDConformanceScene)
        let golden = scene.expectedOutput()
        #expect(golden.count == count)
        #expect((0..<golden.count).filter { golden.f32[$0] != 0 }.count == nonZero)
        #expect(scene.cases.map(\.name) == ["Case1"] && scene.tolerance == SceneTolerance(rtol: 0, atol: 0))
    }

    /// A wrong value is caught: the comparison is exact, not tolerant.
    @Test func aMisplacedMarkFailsTheComparison() throws {
        let scene = SPMDMultiblockMixScene()
        let golden = scene.expectedOutput()
        let wrong = Tensor(dtype: .f32, shape: golden.shape)
        for i in 0..<golden.count { wrong.f32[i] = golden.f32[i] }
        wrong.f32[(66 + 5 * 3 + 2) * 16] = 4  // block 5 of T3 on AIV1 reporting block 4
        let cmp = try SceneComparison.compare("output", actual: wrong, expected: golden, tolerance: scene.tolerance)
        #expect(!cmp.passed && cmp.differing == 1)
    }
}
