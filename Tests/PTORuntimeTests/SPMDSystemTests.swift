import Testing
import PTONumerics
@testable import PTORuntime

/// simpler's spmd_* system tests (tests/st/a2a3/tensormap_and_ringbuffer), with their layouts and exact goldens,
/// run on the 24-cluster chip and on the 8-cluster a2a3sim shape, both as simpler writes them (every task INOUT on
/// the whole output, so the TensorMap serialises them) and with disjoint views (tasks run concurrently).
@Suite struct SPMDSystemTests {
    static let shapes: [(clusters: Int, disjoint: Bool)] = [(24, false), (24, true), (8, false), (8, true)]

    @discardableResult
    private func check(_ tasks: [CacheLineKernels.Task], clusters: Int, disjoint: Bool) throws -> RunReport {
        let (out, report) = try CacheLineKernels.run(tasks, clusters: clusters, disjoint: disjoint)
        let golden = CacheLineKernels.golden(tasks)
        #expect(out.count == golden.count)
        let wrong = zip(out, golden).enumerated().filter { $0.element.0 != $0.element.1 }
        #expect(wrong.isEmpty, "\(wrong.count) wrong floats, first at \(wrong.first.map { "\($0.offset): got \($0.element.0), expected \($0.element.1)" } ?? "")")
        #expect(ScheduleInvariants.violations(report) == [])
        return report
    }

    @Test func spmdBasic() throws {
        // One MIX task, one block: AIC writes (block_idx, block_num); AIV lane L writes (block_idx, block_num, L).
        var registry = KernelRegistry()
        registry.register(0) { ctx in
            ctx.tensor(0).f32[0] = Float(ctx.blockIdx)
            ctx.tensor(0).f32[1] = Float(ctx.blockNum)
        }
        let aiv: KernelBody = { ctx in
            let base = 16 * (1 + ctx.subBlockId)
            ctx.tensor(0).f32[base] = Float(ctx.blockIdx)
            ctx.tensor(0).f32[base + 1] = Float(ctx.blockNum)
            ctx.tensor(0).f32[base + 2] = Float(ctx.subBlockId)
        }
        registry.register(1, aiv)
        let output = Tensor(dtype: .f32, shape: [48])
        for v in 0..<48 { output.f32[v] = -1 }
        let report = try Runtime(config: RuntimeConfig(clusters: 8, hostThreads: 2), kernels: registry).run { orch in
            var args = TaskArgs()
            args.addInout(try ChipTensor(external: output, name: "output"))
            try orch.submit(MixedKernels(aic: 0, aiv0: 1, aiv1: 1), args)
        }
        var golden = [Float](repeating: -1, count: 48)
        golden[0] = 0; golden[1] = 1
        golden[16] = 0; golden[17] = 1; golden[18] = 0
        golden[32] = 0; golden[33] = 1; golden[34] = 1
        #expect(Array(UnsafeBufferPointer(start: output.f32, count: 48)) == golden)
        #expect(report.tasks.count == 1)
        #expect(report.tasks[0].shape == .mix && report.tasks[0].blocks.count == 1)
        #expect(report.tasks[0].blocks[0].core == nil)
    }

    @Test(arguments: shapes)
    func spmdMultiblockAIV(clusters: Int, disjoint: Bool) throws {
        let tasks = [(4, 0), (16, 4), (24, 20), (48, 44), (96, 92)].map {
            CacheLineKernels.Task(shape: .aiv, blockNum: $0.0, baseLine: $0.1)
        }
        let report = try check(tasks, clusters: clusters, disjoint: disjoint)
        // 96 blocks on 2×clusters AIV cores: never more resident than cores, and it takes several waves.
        let wide = report.tasks[4]
        #expect(ScheduleInvariants.maxResident(report) <= 2 * clusters)
        let waves = wide.blocks.filter { b in wide.blocks.contains { $0.endEvent < b.dispatchEvent } }
        #expect(waves.count >= 96 - 2 * clusters)
    }

    @Test(arguments: shapes)
    func spmdMultiblockMix(clusters: Int, disjoint: Bool) throws {
        let tasks = [(2, 0), (8, 6), (12, 30), (24, 66), (48, 138)].map {
            CacheLineKernels.Task(shape: .mix, blockNum: $0.0, baseLine: $0.1)
        }
        let report = try check(tasks, clusters: clusters, disjoint: disjoint)
        #expect(ScheduleInvariants.maxResident(report) <= clusters)
        #expect(report.tasks.allSatisfy { t in t.blocks.allSatisfy { $0.core == nil } })
    }

    @Test(arguments: shapes)
    func spmdBatchDispatchOOB(clusters: Int, disjoint: Bool) throws {
        // Two MIX tasks of 48 blocks each (twice the silicon clusters): all 96 blocks must run, none out of bounds.
        let tasks = [CacheLineKernels.Task(shape: .mix, blockNum: 48, baseLine: 0),
                     CacheLineKernels.Task(shape: .mix, blockNum: 48, baseLine: 144)]
        let report = try check(tasks, clusters: clusters, disjoint: disjoint)
        #expect(report.tasks.map(\.blocks.count) == [48, 48])
        #expect(Set(report.tasks.flatMap { $0.blocks.map(\.cluster) }).isSubset(of: Set(0..<clusters)))
    }

    @Test(arguments: shapes)
    func spmdStarvation(clusters: Int, disjoint: Bool) throws {
        var specs: [(ResourceShape, Int, Bool)] = []
        for wave in 0..<3 {
            specs += Array(repeating: (.mix, 4, false), count: 6)
            if wave < 2 { specs.append((.mix, 6, true)) }
        }
        let tasks = CacheLineKernels.layout(specs)
        #expect(CacheLineKernels.golden(tasks).count == 252 * 16)
        let report = try check(tasks, clusters: clusters, disjoint: disjoint)
        // No task submitted after a sync-start task is dispatched before it: the cohort is never starved.
        for (i, t) in report.tasks.enumerated() where t.launch.requireSyncStart {
            for later in report.tasks[(i + 1)...] {
                #expect(later.events.dispatch > t.events.dispatch, "\(later.id) overtook sync-start task \(t.id)")
            }
        }
    }
}
