import Foundation
import PTONumerics
import Testing
@testable import PTORuntime

/// The MIX cluster-block hook: one call per MIX block with the whole cluster to itself, per-cluster state that
/// persists between blocks and runs, and lane contexts that match simpler's accessors.
@Suite struct ClusterBlockHookTests {
    /// What a hook saw: per cluster, the blocks it ran and the (enter, exit) host times of each call.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var calls: [(cluster: Int, block: Int, enter: Double, exit: Double)] = []
        func add(_ c: Int, _ b: Int, _ enter: Double, _ exit: Double) {
            lock.lock(); calls.append((c, b, enter, exit)); lock.unlock()
        }
    }

    @Test func hookRunsEachMixBlockAloneOnItsClusterWithPersistentState() throws {
        let kernels = MixedKernels(aic: 10, aiv0: 11, aiv1: 11)
        let blocksSeen = PerClusterState<Int>(clusters: 4) { _ in 0 }
        let log = Log()
        let clock = ContinuousClock()
        let t0 = clock.now
        @Sendable func seconds() -> Double { Double((clock.now - t0).components.attoseconds) * 1e-18
            + Double((clock.now - t0).components.seconds) }
        var registry = KernelRegistry()
        registry.registerClusterBlock(for: kernels) { block in
            let enter = seconds()
            let aic = try #require(block.context(.aic))
            let lanes = [try #require(block.context(.aiv0)), try #require(block.context(.aiv1))]
            #expect(aic.core == CoreID(.aic, block.cluster) && aic.subBlockId == 0 && aic.kernel == 10)
            #expect(lanes.map(\.subBlockId) == [0, 1] && lanes.map(\.core.cluster) == [block.cluster, block.cluster])
            #expect(lanes.allSatisfy { $0.blockIdx == block.blockIdx && $0.blockNum == block.blockNum })
            blocksSeen.withState(block.cluster) { $0 += 1 }
            // Each block records its cluster in the output so the placement can be checked against the records.
            block.tensors[0].f32[block.blockIdx] = Float(block.cluster)
            Thread.sleep(forTimeInterval: 0.002)
            log.add(block.cluster, block.blockIdx, enter, seconds())
        }
        let runtime = try Runtime(config: RuntimeConfig(clusters: 4, hostThreads: 4), kernels: registry)
        var total = 0
        for run in 0..<2 {
            let output = Tensor(dtype: .f32, shape: [10])
            let report = try runtime.run { orch in
                var args = TaskArgs()
                args.addOutput(try ChipTensor(external: output, name: "placement"))
                args.launchSpec.blockNum = 10
                try orch.submit(kernels, args)
            }
            total += 10
            let blocks = report.tasks[0].blocks.sorted { $0.blockIdx < $1.blockIdx }
            #expect(blocks.map { Float($0.cluster) } == Array(UnsafeBufferPointer(start: output.f32, count: 10)),
                    "run \(run)")
            #expect(ScheduleInvariants.violations(report) == [])
        }
        // State persisted across blocks and across the two runs.
        #expect((0..<4).map { c in blocksSeen.withState(c) { $0 } }.reduce(0, +) == total)
        // No two hook calls overlapped on one cluster.
        for c in 0..<4 {
            let calls = log.calls.filter { $0.cluster == c }.sorted { $0.enter < $1.enter }
            for (a, b) in zip(calls, calls.dropFirst()) { #expect(a.exit <= b.enter, "cluster \(c) ran two blocks at once") }
        }
    }

    @Test func withoutAHookTheLaneBodiesRunInSlotOrder() throws {
        let order = Tensor(dtype: .i32, shape: [3])
        var registry = KernelRegistry()
        let slotWriter: KernelBody = { ctx in
            let slot = ctx.core.type == .aic ? 0 : 1 + ctx.subBlockId
            let t = ctx.tensor(0)
            t.i32[slot] = max(t.i32[0], t.i32[1], t.i32[2]) + 1   // 1, 2, 3 when run AIC, AIV0, AIV1
        }
        registry.register(20, slotWriter)
        registry.register(21, slotWriter)
        try Runtime(config: RuntimeConfig(clusters: 1, hostThreads: 1), kernels: registry).run { orch in
            var args = TaskArgs()
            args.addInout(try ChipTensor(external: order, name: "order"))
            try orch.submit(MixedKernels(aic: 20, aiv0: 21, aiv1: 21), args)
        }
        #expect(Array(UnsafeBufferPointer(start: order.i32, count: 3)) == [1, 2, 3])
    }

    @Test func defaultHookServesEveryMixTask() throws {
        let hits = PerClusterState<[MixedKernels]>(clusters: 2) { _ in [] }
        var registry = KernelRegistry()
        registry.setDefaultClusterBlock { block in hits.withState(block.cluster) { $0.append(block.kernels) } }
        try Runtime(config: RuntimeConfig(clusters: 2, hostThreads: 2), kernels: registry).run { orch in
            try orch.submit(MixedKernels(aic: 1, aiv0: 2), TaskArgs())
            try orch.submit(MixedKernels(aiv0: 3, aiv1: 4), TaskArgs())
        }
        let seen = hits.withState(0) { $0 } + hits.withState(1) { $0 }
        #expect(Set(seen) == [MixedKernels(aic: 1, aiv0: 2), MixedKernels(aiv0: 3, aiv1: 4)])
    }
}
