import Foundation
import PTONumerics
import Testing
@testable import PTORuntime

/// Full rings make the orchestrator wait; rings that can never drain are reported at once, naming ring and sizes.
@Suite struct BackPressureAndDeadlockTests {
    /// Kernel 0 does nothing; kernel 1 sleeps 0.2 s (a producer that is surely still running when consumers submit).
    private func runtime(window: Int = 16384, heap: Int = 256 << 20, depPool: Int = 16384) throws -> Runtime {
        var registry = KernelRegistry()
        registry.register(0) { _ in }
        registry.register(1) { _ in Thread.sleep(forTimeInterval: 0.2) }
        let config = try RuntimeConfig.resolve(clusters: 4, hostThreads: 2, taskWindow: .all(window), heap: .all(heap),
                                               depPool: .all(depPool), environment: [:])
        return try Runtime(config: config, kernels: registry)
    }

    private func task(_ orch: Orchestrator, outputs: Int = 0) throws {
        var args = TaskArgs()
        for _ in 0..<outputs { args.addOutput(TensorCreateInfo(shape: [256])) }   // 1 KiB each
        try orch.submitAIV(0, args)
    }

    /// Runs `body`, expecting a RuntimeError within a second; returns it.
    private func expectFailure(_ rt: Runtime, _ body: @escaping (Orchestrator) throws -> Void) -> RuntimeError? {
        let started = Date()
        let error = #expect(throws: RuntimeError.self) { try rt.run(body) }
        #expect(Date().timeIntervalSince(started) < 1, "a deadlock must be reported, not waited out")
        return error
    }

    @Test func scopeLargerThanTheWindowIsAScopeDeadlock() throws {
        let error = expectFailure(try runtime(window: 64)) { orch in
            try orch.scope { for _ in 0..<64 { try task(orch) } }
        }
        #expect(error == .scopeDeadlock(ring: 1, scopeDepth: 1, scopeTasks: 63, taskWindow: 64))
        #expect(error?.description == "scope deadlock on ring 1: the scope at depth 1 already holds 63 tasks and the "
            + "task window is 64 (a scope may hold at most 63); raise PTO2_RING_TASK_WINDOW (--task-window) or split "
            + "the scope")
    }

    @Test func aScopeOfWindowMinusOneTasksFits() throws {
        let report = try runtime(window: 64).run { orch in
            try orch.scope { for _ in 0..<63 { try task(orch) } }
        }
        #expect(report.rings[1].maxInFlight == 63 && report.rings[1].tasks == 63)
    }

    @Test func manySmallScopesStreamThroughASmallWindow() throws {
        // simpler's sizing example: a 16-slot window and 208 tasks block the orchestrator but complete.
        let report = try runtime(window: 16).run { orch in
            for _ in 0..<16 { try orch.scope { for _ in 0..<13 { try task(orch) } } }
        }
        #expect(report.tasks.count == 208)
        #expect(report.rings[1].maxInFlight <= 15)
        #expect(report.rings[1].taskWindowWraps == 13)
        #expect(report.rings[1].taskWindowWaits > 0)
        #expect(ScheduleInvariants.violations(report) == [])
    }

    @Test func nestedScopesSharingRingThreeDeadlockStructurally() throws {
        // Depth 3 and depth 4 share ring 3: 10 + 5 open tasks fill a 16-slot window and nothing can be reclaimed.
        let error = expectFailure(try runtime(window: 16)) { orch in
            try orch.scope { try orch.scope { try orch.scope {
                for _ in 0..<10 { try task(orch) }
                try orch.scope { for _ in 0..<6 { try task(orch) } }
            } } }
        }
        guard case let .ringDeadlock(ring, resource, _, used, capacity, reason) = error else {
            Issue.record("expected a ring deadlock, got \(String(describing: error))")
            return
        }
        #expect(ring == 3 && resource == .taskWindow && used == 15 && capacity == 16)
        #expect(reason.contains("belongs to a scope (depth 3) that is still open"))
    }

    @Test func heapFilledByAnOpenScopeIsADeadlock() throws {
        let error = expectFailure(try runtime(heap: 4096)) { orch in
            try orch.scope { for _ in 0..<5 { try task(orch, outputs: 1) } }
        }
        #expect(error?.description.hasPrefix("heap ring deadlock on ring 1: need 1024 bytes with 4096 of 4096 in use")
            == true, "\(String(describing: error))")
    }

    @Test func oneTaskLargerThanTheHeapIsRejected() throws {
        let error = expectFailure(try runtime(heap: 2048)) { orch in try task(orch, outputs: 3) }
        #expect(error == .ringDeadlock(ring: 0, resource: .heap, needed: 3072, used: 0, capacity: 2048,
                                       reason: "one task's outputs are larger than the whole heap"))
    }

    @Test func heapBackPressureWrapsAndCompletes() throws {
        let report = try runtime(heap: 4096).run { orch in
            for _ in 0..<40 { try orch.scope { for _ in 0..<2 { try task(orch, outputs: 1) } } }
        }
        #expect(report.rings[1].heapWraps >= 19 && report.rings[1].maxHeapBytes <= 4096)
        #expect(report.rings[1].heapWaits > 0)
    }

    @Test func taskWaitingOnMoreProducersThanThePoolHoldsIsRejected() throws {
        let error = expectFailure(try runtime(depPool: 4)) { orch in
            let buffer = try ChipTensor(external: Tensor(dtype: .f32, shape: [5]), name: "b")
            var consumer = TaskArgs()
            for i in 0..<5 {
                var producer = TaskArgs()
                producer.addInout(try buffer.view(shape: [1], offsets: [i]))
                try orch.submitAIV(1, producer)                      // still sleeping when the consumer is wired
            }
            consumer.addInput(buffer)
            try orch.submitAIV(0, consumer)
        }
        #expect(error?.description.hasPrefix("dependency pool deadlock on ring 0: need 5 entries") == true)
    }

    @Test func depPoolBackPressureCompletes() throws {
        // Each consumer waits on a still-running producer: the 4-entry pool fills and drains as tasks retire.
        let report = try runtime(depPool: 4).run { orch in
            let buffer = try ChipTensor(external: Tensor(dtype: .f32, shape: [12]), name: "b")
            for i in 0..<12 {
                try orch.scope {
                    let cell = try buffer.view(shape: [1], offsets: [i])
                    var producer = TaskArgs()
                    producer.addInout(cell)
                    try orch.submitAIV(i % 3 == 0 ? 1 : 0, producer)
                    for _ in 0..<2 {
                        var consumer = TaskArgs()
                        consumer.addInput(cell)
                        try orch.submitAIV(0, consumer)
                    }
                }
            }
        }
        #expect(report.rings[1].maxDepEntries <= 4 && report.rings[1].depPoolWaits > 0, "\(report.rings[1])")
        #expect(ScheduleInvariants.violations(report) == [])
        #expect(report.tasks.count == 36)
    }
}
