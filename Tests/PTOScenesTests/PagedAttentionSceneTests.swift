import Testing
import PTOCases
import PTOCore
import PTOKernels
import PTORuntime
@testable import PTOScenes

/// paged_attention (the examples/ scene) on its small cases: against the golden at the test's tolerance, bit for bit
/// against the kernels' own arithmetic, and under the race checker (shared checks: `PagedAttentionGoldenModuleChecks`).
@Suite struct PagedAttentionSceneTests {
    typealias Checks = PagedAttentionGoldenModuleChecks
    let scene = PagedAttentionScene()

    func run(_ caseName: String, mode: LaunchMode = .functional) throws -> SceneRun {
        try Checks.run(scene, try scene.sceneCase(named: caseName), clusters: 3, mode: mode)
    }

    @Test(arguments: ["CaseSmall1", "CaseSmall2", "CaseVarSeq2", "CaseVarSeq4"])
    func smallCasePassesTheGoldenAndEqualsTheKernelFormulation(_ name: String) throws {
        try Checks.expectPassesGoldenAndEqualsKernelFormulation(scene, try run(name), try scene.sceneCase(named: name))
    }

    @Test func taskCountFollowsEachRequestsBlocks() throws {
        // CaseVarSeq4: contexts 33, 64, 128, 15 in blocks of 16 = 3 + 4 + 8 + 1 blocks, 4 tasks each, plus one
        // accumulator allocation per request.
        #expect(try run("CaseVarSeq4").runtime.tasks.count == 4 + 16 * 4)
    }

    @Test func checkedRunIsClean() throws {
        Checks.expectCheckedRunIsClean(try run("CaseVarSeq2", mode: .checked(overlappingPipes: [])),
                                       blocks: (3 + 2) * 4)
    }

    /// Requests of 3 and 2 blocks: every update after a request's first block accumulates.
    @Test func overlappingVectorPipeFindsTheRowExpandScratchWAW() throws {
        Checks.expectOnlyTheRowExpandScratchWAW(try run("CaseVarSeq2", mode: .checked(overlappingPipes: [.v])),
                                                onlineUpdate: PagedAttentionExampleKernels.onlineUpdate,
                                                accumulatingUpdates: (3 - 1) + (2 - 1))
    }

    @Test func droppingTheSoftmaxLoadEventIsAHazard() throws {
        try Checks.expectDroppingTheSoftmaxLoadEventIsAHazard(scene, "CaseSmall1", clusters: 3,
                                                              softmaxPrepare: PagedAttentionExampleKernels.softmaxPrepare)
    }

    @Test func case3RunsAndFailsItsGolden() throws {
        try Checks.expectCase3RunsAndFailsItsGolden(scene)
    }

    @Test func badParametersAreOneLineErrors() throws {
        try Checks.expectBadParametersAreCaseErrors(scene, "CaseSmall1")
    }
}
