/// The API an orchestration function calls to build the task graph (simpler's `pto_orchestration_api.h`): scopes,
/// task submission, runtime-allocated tensors and host reads of device data.
///
/// Submits return as soon as the task is wired into the graph; the scheduler dispatches it on the simulated chip
/// while the orchestration continues (as on the device, orchestration and execution overlap). A submit that finds a
/// ring full waits for reclamation (back-pressure); one that can never fit throws. After any error every call throws
/// that same error, and `Runtime.run` rethrows it.
///
/// Mapping to simpler: `PTO2_SCOPE()` → `scope { }`, `PTO2_SCOPE(PTO2ScopeMode::MANUAL)` → `scope(.manual) { }`,
/// `rt_scope_begin/end` → `beginScope/endScope`,
/// `rt_submit_task` → `submit`, `rt_submit_aic_task/aiv_task/dummy_task` → `submitAIC/submitAIV/submitDummy`,
/// `alloc_tensors` → `allocTensors`, `get_tensor_data` → `value(_:at:)`,
/// `rt_available_cluster_count/aiv_count` → `availableClusterCount/availableAIVCount`.
public final class Orchestrator {
    private let engine: Engine
    /// Open scopes; the first is the implicit outer scope the executor wraps around the orchestration.
    private var scopes: [ScopeFrame] = [ScopeFrame(depth: 0)]

    init(engine: Engine) { self.engine = engine }

    /// Current scope depth: 0 outside any user scope, 1 inside a top-level `scope { }`.
    public var scopeDepth: Int { scopes.count - 1 }
    /// The ring tasks submitted now go to (min(depth, 3)).
    public var currentRing: Int { min(scopeDepth, RuntimeConfig.ringCount - 1) }
    /// Clusters of the simulated chip (the MIX and AIC sync-start limit).
    public var availableClusterCount: Int { engine.config.clusters }
    /// AIV cores of the simulated chip (the AIV sync-start limit).
    public var availableAIVCount: Int { engine.config.aivCount }

    /// Whether tasks submitted now are in a manual scope (their dependencies come only from `addDependency`).
    public var inManualScope: Bool { scopes[scopes.count - 1].manual }

    /// Opens a scope one level deeper. Its tasks use ring min(depth, 3) and stay allocated at least until it ends.
    /// `mode` decides how their dependencies are found (`ScopeMode`); an auto scope inside a manual one is an error.
    public func beginScope(_ mode: ScopeMode = .auto) throws {
        try engine.locked {
            try engine.throwIfFatal()
            engine.orchestrationSteps.append(.scopeBegin(depth: scopes.count))
        }
        guard scopes.count < RuntimeConfig.maxScopeDepth else {
            throw engine.locked { engine.fail(.scopeDepthExceeded(limit: RuntimeConfig.maxScopeDepth)) }
        }
        if mode == .auto && inManualScope {
            throw engine.locked {
                engine.fail(.invalidArguments("an auto scope cannot be opened inside a manual scope"))
            }
        }
        scopes.append(ScopeFrame(depth: scopes.count, manual: mode == .manual || inManualScope))
    }

    /// Closes the innermost user scope, releasing its tasks' scope references.
    public func endScope() throws {
        guard scopes.count > 1 else { throw engine.locked { engine.fail(.scopeUnderflow) } }
        let depth = scopes.count - 1
        try engine.endScope(scopes.removeLast())
        engine.locked { engine.orchestrationSteps.append(.scopeEnd(depth: depth)) }
    }

    /// Runs `body` inside a new scope (simpler's `PTO2_SCOPE(mode) { ... }`).
    @discardableResult
    public func scope<R>(_ mode: ScopeMode = .auto, _ body: () throws -> R) throws -> R {
        try beginScope(mode)
        let result = try body()
        try endScope()
        return result
    }

    /// Submits a task running `kernels` on the resource shape their active slots imply (simpler's `rt_submit_task`).
    @discardableResult
    public func submit(_ kernels: MixedKernels, _ args: TaskArgs) throws -> TaskOutputs {
        let outputs = try engine.submit(kernels, args, scope: scopes[scopes.count - 1])
        engine.locked { engine.orchestrationSteps.append(.submit(taskIndex: engine.tasks.count - 1)) }
        return outputs
    }

    /// Submits a single-AIC task.
    @discardableResult
    public func submitAIC(_ kernel: Int, _ args: TaskArgs) throws -> TaskOutputs {
        try submit(MixedKernels(aic: kernel), args)
    }

    /// Submits a single-AIV task.
    @discardableResult
    public func submitAIV(_ kernel: Int, _ args: TaskArgs) throws -> TaskOutputs {
        try submit(MixedKernels(aiv0: kernel), args)
    }

    /// Submits a dependency-only task, completed by the scheduler without a core once its producers complete.
    @discardableResult
    public func submitDummy(_ args: TaskArgs) throws -> TaskOutputs {
        try submit(MixedKernels(), args)
    }

    /// Allocates tensors from the current ring's heap through a kernel-less task that completes at once; its id can
    /// be used as an explicit dependency and its outputs live until the current scope ends and their last consumer
    /// has finished (simpler's `alloc_tensors`).
    public func allocTensors(_ infos: TensorCreateInfo...) throws -> TaskOutputs {
        var args = TaskArgs()
        for info in infos { args.addOutput(info) }
        return try submitDummy(args)
    }

    /// Reads one element from orchestration code after every task that writes it (its owner, and earlier writers
    /// the TensorMap knows) has completed (simpler's `get_tensor_data`).
    public func value(_ tensor: ChipTensor, at coords: [Int]) throws -> Float {
        tensor.tensor.floatValue(at: try engine.awaitWriters(of: tensor, at: coords))
    }

    /// `value(_:at:)` for an int32 tensor, without going through Float (`get_tensor_data<int32_t>`).
    public func int32Value(_ tensor: ChipTensor, at coords: [Int]) throws -> Int32 {
        guard tensor.dtype == .i32 else {
            throw engine.locked { engine.fail(.invalidTensor("tensor '\(tensor.name)' is \(tensor.dtype), not i32")) }
        }
        return tensor.tensor.i32[try engine.awaitWriters(of: tensor, at: coords)]
    }

    /// Ends the outer scope; errors if user scopes are still open.
    func finish() throws {
        if scopes.count > 1 {
            throw engine.locked {
                engine.fail(.invalidArguments("orchestration returned with \(scopes.count - 1) scope(s) still open; "
                    + "every beginScope() needs an endScope()"))
            }
        }
        try engine.endScope(scopes[0])
    }
}

/// One open scope: its depth, whether it is manual (itself or inside a manual scope), and the tasks submitted in it
/// (simpler's `scope_tasks` segment). Orchestrator-owned; its tasks are touched only under the engine lock.
final class ScopeFrame {
    let depth: Int
    let manual: Bool
    var tasks: [TaskNode] = []

    init(depth: Int, manual: Bool = false) {
        self.depth = depth
        self.manual = manual
    }
}
