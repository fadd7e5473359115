import PTOCases
import PTOKernels
import PTONumerics
import PTORuntime
import Testing
@testable import PTOScenes

/// What each SPMD conformance scene is about, checked on the runtime's records of a real run (the written values
/// are checked in `SPMDConformanceTests`).
@Suite struct SPMDConformanceSceneChecks {
    typealias Support = SPMDConformanceSupport

    private func report(_ scene: any Scene) throws -> RunReport {
        let (run, cmp) = try Support.run(scene)
        #expect(cmp.exact)
        return run.runtime
    }

    private func resident(_ r: RunReport, _ t: TaskRecord) -> Int { Support.maxResident(r) { $0.id == t.id } }

    /// Every task takes the whole output as INOUT, so the tensormap makes each task wait for the one before it: the
    /// scenes' tasks run one at a time, in submit order, whatever their launch specs.
    @Test(arguments: SPMDConformanceTests.names)
    func theSharedOutputChainsTheTasks(_ name: String) throws {
        let r = try report(SPMDConformanceTests.scene(name).0)
        for (i, t) in r.tasks.enumerated() {
            #expect(t.directions == [.inout])
            #expect(t.producers == (i == 0 ? [] : [r.tasks[i - 1].id]), "\(name) task \(i)")
        }
    }

    /// spmd_basic: one block on one cluster; its three cores ran one block index, and the block count is 1.
    @Test func basicRunsOneBlockOnOneCluster() throws {
        let r = try report(SPMDBasicScene())
        #expect(r.tasks.count == 1 && r.tasks[0].blocks.count == 1)
        #expect(r.tasks[0].blocks[0].core == nil, "a MIX block holds its whole cluster")
    }

    /// spmd_multiblock_aiv: the 96-block task needs two rounds of the chip's 48 AIV cores.
    @Test func ninetySixAIVBlocksRunInTwoRoundsOfTheAIVCores() throws {
        let r = try report(SPMDMultiblockAIVScene())
        let t = r.tasks[4]
        let cores = Set(t.blocks.compactMap(\.core))
        #expect(t.blocks.count == 96 && cores.count <= 48 && cores.allSatisfy { $0.type == .aiv })
        #expect(resident(r, t) <= 48)
    }

    /// spmd_multiblock_mix and spmd_batch_dispatch_oob: 48 MIX blocks on 24 clusters — every block on a real
    /// cluster, every cluster used, at most 24 resident.
    @Test(arguments: ["spmd_multiblock_mix", "spmd_batch_dispatch_oob"])
    func fortyEightMixBlocksUseEveryClusterAndNoOther(_ name: String) throws {
        let r = try report(SPMDConformanceTests.scene(name).0)
        for t in r.tasks where t.launch.blockNum == 48 {
            #expect(Set(t.blocks.map(\.cluster)) == Set(0..<24))
            #expect(t.blocks.allSatisfy { $0.core == nil })
            #expect(resident(r, t) <= 24)
        }
    }

    /// The sync-start scenes: every cohort held all its cores at once (all blocks placed before any started), and
    /// a cohort as wide as the block count was resident in full.
    @Test(arguments: ["spmd_sync_start", "spmd_sync_start_aiv", "spmd_sync_start_edge", "spmd_sync_start_stress",
                      "spmd_starvation"])
    func everyCohortIsResidentInFull(_ name: String) throws {
        let r = try report(SPMDConformanceTests.scene(name).0)
        let cohorts = r.tasks.filter { $0.launch.requireSyncStart }
        #expect(!cohorts.isEmpty)
        for t in cohorts {
            let lastPlaced = t.blocks.map(\.dispatchEvent).max()!
            #expect(lastPlaced < t.blocks.map(\.startEvent).min()!, "\(name) task \(t.id)")
            #expect(resident(r, t) == t.launch.blockNum, "\(name) task \(t.id)")
        }
    }

    /// spmd_sync_start_edge: 23 blocks is the widest cohort the test expects to run on 24 clusters; on a chip with
    /// fewer clusters than that the runtime refuses the task instead of waiting for ever.
    @Test func edgeCohortWiderThanTheChipIsRefused() throws {
        let scene = SPMDSyncStartEdgeScene()
        let c = try scene.sceneCase(named: "Case1")
        let error = #expect(throws: RuntimeError.self) {
            _ = try SceneRunner.run(scene, c, args: try scene.makeArgs(c, seed: 1), launch: SceneLaunch(clusters: 16, threads: 2))
        }
        #expect(error?.description.contains("block_num 23 but only 16 clusters exist") == true)
    }

    /// spmd_starvation: each cohort completes before any block of the wave submitted after it starts.
    @Test func cohortsAreNotOvertakenByTheNextWave() throws {
        let r = try report(SPMDStarvationScene())
        for (i, t) in r.tasks.enumerated() where t.launch.requireSyncStart {
            let next = r.tasks[i + 1]
            #expect(t.events.complete < next.blocks.map(\.startEvent).min()!)
        }
    }

    /// spmd_sync_start_stress: 54 tasks, 24 of them cohorts (12 MIX of 12 blocks, 12 AIV of 8), all 360 blocks run.
    @Test func stressRunsEveryBlockOfEveryRound() throws {
        let r = try report(SPMDSyncStartStressScene())
        #expect(r.tasks.count == 54)
        let cohorts = r.tasks.filter { $0.launch.requireSyncStart }
        #expect(cohorts.filter { $0.shape == .mix && $0.launch.blockNum == 12 }.count == 12)
        #expect(cohorts.filter { $0.shape == .aiv && $0.launch.blockNum == 8 }.count == 12)
        let blocksRun = r.tasks.reduce(0) { $0 + $1.blocks.count }
        let blocksPerRound = 4 * 4 + 2 * 12 + 2 * 8 + 4
        #expect(blocksRun == 6 * blocksPerRound)
    }

    /// Dropping the AIV kernels' dcci (`--drop-sync spmd_read.aiv.dcci`) leaves their marks in the cores' data
    /// caches: the output misses them, the run warns on both lanes, and the checked verdict is no longer clean.
    @Test func droppedDcciLosesTheMarksItShouldFlush() throws {
        let scene = SPMDBasicScene()
        let c = try scene.sceneCase(named: "Case1")
        let options = SceneOptions(droppedSyncs: ["spmd_read.aiv.dcci"])
        for mode in [LaunchMode.functional, .checked(overlappingPipes: [])] {
            let args = try scene.makeArgs(c, seed: 1)
            let run = try SceneRunner.run(scene, c, args: args, launch: SceneLaunch(threads: 2, mode: mode, options: options))
            let out = try args.tensor("output")
            #expect(out.f32[0] == 0 && out.f32[1] == 1, "the AIC still cleans its line")
            #expect((16..<48).allSatisfy { out.f32[$0] == 0 })
            let cmp = try SceneComparison.compare("output", actual: out, expected: try scene.golden(args, c)["output"]!,
                                                  tolerance: scene.tolerance)
            #expect(!cmp.passed && cmp.differing == 3)
            if mode.isChecked {
                let report = try #require(run.outcomes.checkReports.first?.report)
                #expect(report.warnings.map(\.kind) == [.uncleanedScalarStore, .uncleanedScalarStore])
                #expect(report.hazards.isEmpty && !report.isClean)
            } else {
                #expect(run.outcomes.warnings.map(\.kind) == [.uncleanedScalarStore, .uncleanedScalarStore])
            }
        }
    }
}
