import Testing
import PTOCases
import PTOCore
import PTOKernels
import PTORuntime
@testable import PTOScenes

/// batch_paged_attention on its small cases: against the golden at the test's tolerance, bit for bit against the
/// kernels' own arithmetic, and under the race checker (shared checks: `PagedAttentionGoldenModuleChecks`).
@Suite struct BatchPagedAttentionTests {
    typealias Checks = PagedAttentionGoldenModuleChecks
    let scene = BatchPagedAttentionScene()

    func run(_ caseName: String, mode: LaunchMode = .functional) throws -> SceneRun {
        try Checks.run(scene, try scene.sceneCase(named: caseName), clusters: 3, mode: mode)
    }

    @Test(arguments: ["CaseSmall1", "CaseSmall2", "CaseSmall3", "CaseVarSeq2", "CaseVarSeq4"])
    func smallCasePassesTheGoldenAndEqualsTheKernelFormulation(_ name: String) throws {
        try Checks.expectPassesGoldenAndEqualsKernelFormulation(scene, try run(name), try scene.sceneCase(named: name))
    }

    @Test func taskCountFollowsTheChunkedGraph() throws {
        // CaseVarSeq4: 4 requests in one chunk, longest 128 tokens = 8 blocks: 1 alloc + 8 × 4 kernel tasks.
        #expect(try run("CaseVarSeq4").runtime.tasks.count == 1 + 8 * 4)
    }

    @Test func checkedRunIsClean() throws {
        Checks.expectCheckedRunIsClean(try run("CaseVarSeq2", mode: .checked(overlappingPipes: [])), blocks: 3 * 4)
    }

    /// One chunk of two requests over the longest one's 3 blocks: the updates of blocks 1 and 2 accumulate.
    @Test func overlappingVectorPipeFindsTheRowExpandScratchWAW() throws {
        Checks.expectOnlyTheRowExpandScratchWAW(try run("CaseVarSeq2", mode: .checked(overlappingPipes: [.v])),
                                                onlineUpdate: BatchPagedAttentionKernels.onlineUpdate,
                                                accumulatingUpdates: 2)
    }

    @Test func droppingTheSoftmaxLoadEventIsAHazard() throws {
        try Checks.expectDroppingTheSoftmaxLoadEventIsAHazard(scene, "CaseSmall1", clusters: 3,
                                                              softmaxPrepare: BatchPagedAttentionKernels.softmaxPrepare)
    }

    @Test func case3RunsAndFailsItsGolden() throws {
        try Checks.expectCase3RunsAndFailsItsGolden(scene)
    }

    @Test func badParametersAreOneLineErrors() throws {
        try Checks.expectBadParametersAreCaseErrors(scene, "CaseSmall1")
    }
}
