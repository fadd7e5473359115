import Foundation
import PTONumerics
import Testing
@testable import PTORuntime

/// simpler's spmd_sync_start family: cohorts whose blocks must all hold cores before any runs. Widths derive from
/// the chip's cluster (or AIV) count, as the orchestrations derive them from `rt_available_*_count()`, and the
/// orchestration reports the widths it chose so the golden is rebuilt from them.
@Suite struct SyncStartTests {
    static let chips = [(24, false), (24, true), (8, false), (8, true)]

    private func width(_ total: Int, _ divisor: Int) -> Int { max(1, total / divisor) }

    @discardableResult
    private func check(_ tasks: [CacheLineKernels.Task], clusters: Int, disjoint: Bool) throws -> RunReport {
        let (out, report) = try CacheLineKernels.run(tasks, clusters: clusters, disjoint: disjoint)
        #expect(out == CacheLineKernels.golden(tasks))
        #expect(ScheduleInvariants.violations(report) == [])
        let cohorts = report.tasks.filter { $0.launch.requireSyncStart && $0.launch.blockNum > 1 }
        #expect(cohorts.count == tasks.filter { $0.syncStart && $0.blockNum > 1 }.count)
        return report
    }

    @Test(arguments: chips)
    func spmdSyncStart(clusters: Int, disjoint: Bool) throws {
        let widths = [12, 3, 12, 2].map { width(clusters, $0) }
        #expect(widths == (clusters == 24 ? [2, 8, 2, 12] : [1, 2, 1, 4]))
        let tasks = CacheLineKernels.layout(zip(widths, [true, true, false, true]).map { (.mix, $0.0, $0.1) })
        try check(tasks, clusters: clusters, disjoint: disjoint)
    }

    @Test(arguments: chips)
    func spmdSyncStartAIV(clusters: Int, disjoint: Bool) throws {
        let widths = [12, 3, 12, 2].map { width(2 * clusters, $0) }
        let tasks = CacheLineKernels.layout(zip(widths, [true, true, false, true]).map { (.aiv, $0.0, $0.1) })
        try check(tasks, clusters: clusters, disjoint: disjoint)
    }

    @Test(arguments: chips)
    func spmdSyncStartEdge(clusters: Int, disjoint: Bool) throws {
        // One block, a third of the chip, one more than that, all clusters but one, and one again without the flag.
        let widths = [1, clusters / 3, clusters / 3 + 1, clusters - 1, 1]
        let tasks = CacheLineKernels.layout(zip(widths, [true, true, true, true, false]).map { (.mix, $0.0, $0.1) })
        try check(tasks, clusters: clusters, disjoint: disjoint)
    }

    @Test(arguments: chips)
    func spmdSyncStartStress(clusters: Int, disjoint: Bool) throws {
        let normalMix = width(clusters, 6), syncMix = width(clusters, 2)
        let syncAIV = width(clusters, 3), normalAIV = width(clusters, 6)
        var specs: [(ResourceShape, Int, Bool)] = []
        for _ in 0..<6 {
            specs += Array(repeating: (.mix, normalMix, false), count: 4)
            specs += Array(repeating: (.mix, syncMix, true), count: 2)
            specs += Array(repeating: (.aiv, syncAIV, true), count: 2)
            specs.append((.aiv, normalAIV, false))
        }
        let report = try check(CacheLineKernels.layout(specs), clusters: clusters, disjoint: disjoint)
        #expect(report.tasks.count == 54)
    }

    @Test func fullChipCohortFits() throws {
        // The widest legal cohorts: every cluster for MIX and AIC, every AIV core for AIV.
        let tasks = CacheLineKernels.layout([(.mix, 8, true), (.aic, 8, true), (.aiv, 16, true)])
        try check(tasks, clusters: 8, disjoint: true)
    }

    @Test(arguments: [(ResourceShape.mix, 9, "clusters"), (.aic, 9, "clusters"), (.aiv, 17, "AIV cores")])
    func cohortWiderThanChipIsRejected(shape: ResourceShape, blockNum: Int, unit: String) throws {
        let tasks = [CacheLineKernels.Task(shape: shape, blockNum: blockNum, baseLine: 0, syncStart: true)]
        let error = #expect(throws: RuntimeError.self) {
            _ = try CacheLineKernels.run(tasks, clusters: 8, disjoint: false)
        }
        let limit = shape == .aiv ? 16 : 8
        #expect(error?.description.contains("block_num \(blockNum) but only \(limit) \(unit) exist") == true)
    }

    @Test func wideTaskWithoutSyncStartRunsInWaves() throws {
        // The same widths without the cohort flag are legal: they run in waves.
        let tasks = CacheLineKernels.layout([(.mix, 9, false), (.aiv, 17, false), (.aic, 20, false)])
        try check(tasks, clusters: 8, disjoint: true)
    }

    @Test func cohortWaitsUntilTheWholeChipIsFree() throws {
        // A slow block holds cluster 0 while a full-chip cohort becomes ready. The other three clusters are idle, and
        // a host thread is free to run blocks, yet no block of the cohort may be placed until cluster 0 frees too.
        var registry = CacheLineKernels.registry()
        registry.register(9) { _ in Thread.sleep(forTimeInterval: 0.1) }
        let output = Tensor(dtype: .f32, shape: [4 * 3 * 16])
        let report = try Runtime(config: RuntimeConfig(clusters: 4, hostThreads: 2), kernels: registry).run { orch in
            var slow = TaskArgs()
            slow.addScalar(0)
            try orch.submit(MixedKernels(aic: 9, aiv0: 9), slow)
            var cohort = TaskArgs()
            cohort.addInout(try ChipTensor(external: output, name: "output"))
            cohort.addScalar(0)
            cohort.launchSpec = LaunchSpec(blockNum: 4, requireSyncStart: true)
            try orch.submit(CacheLineKernels.mix, cohort)
        }
        let (slowTask, cohortTask) = (report.tasks[0], report.tasks[1])
        #expect(cohortTask.producers.isEmpty)
        #expect(cohortTask.events.dispatch > slowTask.events.complete)
        #expect(ScheduleInvariants.cohort(cohortTask) == [])
        #expect(Array(UnsafeBufferPointer(start: output.f32, count: output.count))
            == CacheLineKernels.golden([CacheLineKernels.Task(shape: .mix, blockNum: 4, baseLine: 0)]))
    }
}
