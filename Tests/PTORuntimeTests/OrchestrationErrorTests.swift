import PTONumerics
import Testing
@testable import PTORuntime

/// Mistakes in orchestration code and failing kernels end the run with one clear error, never a hang or a crash.
@Suite struct OrchestrationErrorTests {
    private struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }

    private func runtime(_ extra: (inout KernelRegistry) -> Void = { _ in }) throws -> Runtime {
        var registry = KernelRegistry()
        registry.register(0) { _ in }
        extra(&registry)
        return try Runtime(config: RuntimeConfig(clusters: 2, hostThreads: 2), kernels: registry)
    }

    private func failure(_ rt: Runtime, _ body: (Orchestrator) throws -> Void) -> RuntimeError? {
        #expect(throws: RuntimeError.self) { try rt.run(body) }
    }

    @Test func argumentRuleViolations() throws {
        let t = try ChipTensor(external: Tensor(dtype: .f32, shape: [4]), name: "t")
        var late = TaskArgs()
        late.addScalar(1)
        late.addInput(t)
        #expect(failure(try runtime()) { try $0.submitAIV(0, late) }
            == .invalidArguments("tensor argument 0 added after a scalar; add all tensors first"))
        var zero = TaskArgs()
        zero.launchSpec.blockNum = 0
        #expect(failure(try runtime()) { try $0.submitAIV(0, zero) }
            == .invalidArguments("block_num is 0; it must be at least 1"))
        var many = TaskArgs()
        for _ in 0..<17 { many.addScalar(0) }
        #expect(failure(try runtime()) { try $0.submitAIV(0, many) }
            == .invalidArguments("more than 16 scalar arguments"))
    }

    @Test func unknownKernelsAreNamed() throws {
        #expect(failure(try runtime()) { try $0.submitAIC(7, TaskArgs()) } == .unknownKernel(id: 7, slot: "aic"))
        let error = failure(try runtime()) { try $0.submit(MixedKernels(aic: 0, aiv0: 5), TaskArgs()) }
        #expect(error?.description.contains("kernel id 5 (aiv0 of MIX task") == true)
    }

    @Test func scopeMisuse() throws {
        #expect(failure(try runtime()) { try $0.endScope() } == .scopeUnderflow)
        let open = failure(try runtime()) { try $0.beginScope() }
        #expect(open?.description.contains("1 scope(s) still open") == true)
        let deep = failure(try runtime()) { orch in for _ in 0..<64 { try orch.beginScope() } }
        #expect(deep == .scopeDepthExceeded(limit: 64))
    }

    @Test func usingAnOutputAfterItsScopeReleasedIt() throws {
        let error = failure(try runtime()) { orch in
            let tmp = try orch.scope {
                var args = TaskArgs()
                args.addOutput(TensorCreateInfo(shape: [4], name: "tmp"))
                let out = try orch.submitAIV(0, args)[0]
                _ = try orch.value(out, at: [0])      // waits until the producer completed
                return out
            }                                         // scope end: the producer is consumed and reclaimed
            var args = TaskArgs()
            args.addInput(tmp)
            try orch.submitAIV(0, args)
        }
        #expect(error == .tensorReclaimed(tensor: "tmp", owner: TaskID(ring: 1, local: 0)))
    }

    @Test func aFailingKernelFailsTheRunAndStopsDispatch() throws {
        let rt = try runtime { $0.register(3) { ctx in if ctx.blockIdx == 2 { throw Boom() } } }
        let error = failure(rt) { orch in
            var args = TaskArgs()
            args.launchSpec.blockNum = 4
            try orch.submitAIV(3, args)
        }
        #expect(error == .kernelFailed(task: TaskID(ring: 0, local: 0), kernels: MixedKernels(aiv0: 3), blockIdx: 2,
                                       message: "boom"))
    }

    @Test func theOrchestrationsOwnErrorIsRethrown() throws {
        #expect(throws: Boom.self) { try runtime().run { _ in throw Boom() } }
    }

    @Test func valueWaitsForTheWriter() throws {
        let rt = try runtime { $0.register(4) { ctx in ctx.tensor(0).f32[2] = 42 } }
        let buffer = Tensor(dtype: .f32, shape: [4])
        var seen: Float = 0
        try rt.run { orch in
            let t = try ChipTensor(external: buffer, name: "t")
            var args = TaskArgs()
            args.addInout(t)
            try orch.submitAIV(4, args)
            seen = try orch.value(t, at: [2])
        }
        #expect(seen == 42)
        #expect(throws: RuntimeError.self) { try rt.run { orch in
            _ = try orch.value(try ChipTensor(external: buffer, name: "t"), at: [4])
        } }
    }
}

extension OrchestrationErrorTests {
    @Test func anOrchestratorKeptPastItsRunRefusesWork() throws {
        var kept: Orchestrator?
        let rt = try runtime()
        try rt.run { kept = $0 }
        let orch = try #require(kept)
        #expect(throws: RuntimeError.orchestrationFailed("the orchestrator was used after Runtime.run returned")) {
            try orch.submitAIV(0, TaskArgs())
        }
    }
}
