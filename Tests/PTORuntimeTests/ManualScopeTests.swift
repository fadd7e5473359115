import Foundation
import PTONumerics
import Testing
@testable import PTORuntime

/// Manual scopes (`scope(.manual)`): no creator edges, no TensorMap lookups or writer records inside, explicit
/// dependencies only; an auto scope cannot open inside one. Judged from the producers each task's record lists, the
/// order blocks ran in and what the tasks computed.
@Suite struct ManualScopeTests {
    /// Runs `body` with no-op AIV kernel 0 over an 8×8 external buffer; returns the report and each listed task's
    /// producers.
    private func run(_ body: (Orchestrator, ChipTensor) throws -> [TaskID]) throws -> (RunReport, [[TaskID]]) {
        var registry = KernelRegistry()
        registry.register(0) { _ in }
        let buffer = Tensor(dtype: .f32, shape: [8, 8])
        var ids: [TaskID] = []
        let report = try Runtime(config: RuntimeConfig(clusters: 2, hostThreads: 2), kernels: registry).run { orch in
            ids = try body(orch, try ChipTensor(external: buffer, name: "buf"))
        }
        #expect(ScheduleInvariants.violations(report) == [])
        return (report, ids.map { report.record($0)!.producers })
    }

    private func submit(_ orch: Orchestrator, _ build: (inout TaskArgs) throws -> Void) throws -> TaskID {
        var args = TaskArgs()
        try build(&args)
        return try orch.submitAIV(0, args).taskID
    }

    @Test func manualScopeFindsNoTensorEdges() throws {
        let (_, deps) = try run { orch, buf in
            try orch.scope(.manual) {
                let alloc = try orch.allocTensors(TensorCreateInfo(shape: [4], name: "tmp"))
                let w = try submit(orch) { $0.addInout(buf) }
                let r = try submit(orch) { $0.addInput(buf) }                 // would be RAW on w in auto
                let c = try submit(orch) { $0.addInput(alloc[0]) }            // would be a creator edge in auto
                let e = try submit(orch) { $0.addInput(buf); $0.addDependency(w) }
                return [w, r, c, e]
            }
        }
        #expect(deps[0] == [] && deps[1] == [] && deps[2] == [])
        #expect(deps[3] == [TaskID(ring: 1, local: 1)], "only the explicit dependency")
    }

    @Test func writesInsideAManualScopeAreNotRecorded() throws {
        let (_, deps) = try run { orch, buf in
            let before = try submit(orch) { $0.addInout(buf) }
            let inside = try orch.scope(.manual) { try submit(orch) { $0.addInout(buf) } }
            let after = try submit(orch) { $0.addInput(buf) }
            return [before, inside, after]
        }
        #expect(deps[1] == [], "no lookup inside the manual scope")
        #expect(deps[2] == [TaskID(ring: 0, local: 0)], "the manual write was never recorded: only the auto writer")
    }

    @Test func manualNestsInManualAndAutoInsideManualIsRejected() throws {
        let (_, deps) = try run { orch, buf in
            let w = try submit(orch) { $0.addInout(buf) }
            let nested = try orch.scope(.manual) {
                try orch.scope(.manual) { try submit(orch) { $0.addInput(buf) } }
            }
            return [w, nested]
        }
        #expect(deps[1] == [])
        var registry = KernelRegistry()
        registry.register(0) { _ in }
        #expect(throws: RuntimeError.self) {
            try Runtime(config: RuntimeConfig(clusters: 1, hostThreads: 1), kernels: registry).run { orch in
                try orch.scope(.manual) { try orch.scope(.auto) {} }
            }
        }
    }

    @Test func explicitDependenciesKeepTheProducersBufferAliveInAManualScope() throws {
        // Producer writes 7s into a runtime-allocated buffer, the consumer (ordered only by add_dep) copies it + 1;
        // the scope ends right after the submits, so only the explicit edge keeps the producer from being consumed.
        var registry = KernelRegistry()
        registry.register(0) { ctx in
            Thread.sleep(forTimeInterval: 0.002)
            ctx.tensor(0).f32.update(repeating: 7, count: 16)
        }
        registry.register(1) { ctx in
            Thread.sleep(forTimeInterval: 0.002)
            for i in 0..<16 { ctx.tensor(1).f32[i] = ctx.tensor(0).f32[i] + 1 }
        }
        let result = Tensor(dtype: .f32, shape: [16])
        let report = try Runtime(config: RuntimeConfig(clusters: 2, hostThreads: 2), kernels: registry).run { orch in
            try orch.scope(.manual) {
                var produce = TaskArgs()
                produce.addOutput(TensorCreateInfo(shape: [16], name: "tmp"))
                let tmp = try orch.submitAIC(0, produce)
                var consume = TaskArgs()
                consume.addInput(tmp[0])
                consume.addOutput(try ChipTensor(external: result, name: "result"))
                consume.addDependency(tmp.taskID)
                try orch.submitAIV(1, consume)
            }
        }
        let (producer, consumer) = (report.tasks[0], report.tasks[1])
        #expect(consumer.producers == [producer.id])
        #expect(consumer.blocks[0].startEvent > producer.events.complete)
        #expect(producer.events.consumed > consumer.events.complete)
        #expect(Array(UnsafeBufferPointer(start: result.f32, count: 16)) == Array(repeating: 8, count: 16))
    }

    @Test func withoutTheExplicitEdgeAManualConsumerIsNotOrdered() throws {
        let (_, deps) = try run { orch, buf in
            try orch.scope(.manual) {
                let w = try submit(orch) { $0.addOutput(buf) }
                let r = try submit(orch) { $0.addInput(buf) }
                return [w, r]
            }
        }
        #expect(deps[1] == [], "a manual scope orders nothing the orchestration did not ask for")
    }

    @Test func untrackedViewOfATrackedTensor() throws {
        let (_, deps) = try run { orch, buf in
            let w = try submit(orch) { $0.addInout(buf) }
            let untracked = try buf.view(shape: [2, 8], offsets: [0, 0], manualDep: true)
            let u = try submit(orch) { $0.addInout(untracked) }
            let tracked = try submit(orch) { $0.addInput(try buf.view(shape: [2, 8], offsets: [0, 0])) }
            return [w, u, tracked]
        }
        #expect(deps[1] == [])
        #expect(deps[2] == [TaskID(ring: 0, local: 0)])
    }
}
