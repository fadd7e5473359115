import PTONumerics

/// A fatal condition of the emulated PTO2 runtime: what simpler's runtime latches as `PTO2_ERROR_*` and reports in
/// its device log, here surfaced as one line naming the ring, task, tensor or kernel involved.
///
/// Every case is user-facing (bad orchestration, impossible ring sizes, a failing kernel body). Once one is raised the
/// runtime stops dispatching new work, lets blocks already on cores finish, and `Runtime.run` rethrows it.
public enum RuntimeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A scope already holds `windowSize - 1` tasks of its ring, so the next submit can never get a slot
    /// (simpler: `PTO2_ERROR_SCOPE_DEADLOCK`).
    case scopeDeadlock(ring: Int, scopeDepth: Int, scopeTasks: Int, taskWindow: Int)
    /// The orchestrator waits for a ring resource whose oldest live task is pinned by a scope that is still open, or
    /// asks for more than the resource holds (simpler: `PTO2_ERROR_HEAP_RING_DEADLOCK`,
    /// `PTO2_ERROR_FLOW_CONTROL_DEADLOCK`, `PTO2_ERROR_DEP_POOL_OVERFLOW`).
    case ringDeadlock(ring: Int, resource: RingResource, needed: Int, used: Int, capacity: Int, reason: String)
    /// A submit's arguments break the argument rules (simpler: `PTO2_ERROR_INVALID_ARGS`).
    case invalidArguments(String)
    /// A `require_sync_start` task asks for more blocks than the chip can hold at once
    /// (simpler: `PTO2_ERROR_REQUIRE_SYNC_START_INVALID`).
    case syncStartTooWide(kernels: MixedKernels, blockNum: Int, limit: Int, unit: String)
    /// A kernel id has no registered body (or a MIX task has neither a cluster-block hook nor lane bodies).
    case unknownKernel(id: Int, slot: String)
    /// Scopes nested deeper than the runtime supports.
    case scopeDepthExceeded(limit: Int)
    /// `endScope` without a matching `beginScope`.
    case scopeUnderflow
    /// A runtime-allocated tensor is used after its producing task was reclaimed (outside its scope).
    case tensorReclaimed(tensor: String, owner: TaskID)
    /// A tensor view or element index outside its tensor.
    case invalidTensor(String)
    /// A ring size, cluster count or thread count that the runtime cannot use.
    case invalidConfiguration(String)
    /// A kernel body (or a cluster-block hook) threw while running a block.
    case kernelFailed(task: TaskID, kernels: MixedKernels, blockIdx: Int, message: String)
    /// The orchestration function itself threw an error that is not a `RuntimeError`.
    case orchestrationFailed(String)

    public var description: String {
        switch self {
        case let .scopeDeadlock(ring, depth, count, window):
            return "scope deadlock on ring \(ring): the scope at depth \(depth) already holds \(count) tasks and the "
                + "task window is \(window) (a scope may hold at most \(window - 1)); raise PTO2_RING_TASK_WINDOW "
                + "(--task-window) or split the scope"
        case let .ringDeadlock(ring, resource, needed, used, capacity, reason):
            let need = resource == .taskWindow ? "a free task slot" : "\(needed) \(resource.unit)"
            return "\(resource.description) deadlock on ring \(ring): need \(need) with \(used) of \(capacity) in use, "
                + "\(reason); raise \(resource.environmentKey)"
        case let .invalidArguments(message):
            return "invalid task arguments: \(message)"
        case let .syncStartTooWide(kernels, blockNum, limit, unit):
            return "require_sync_start task \(kernels) has block_num \(blockNum) but only \(limit) \(unit) exist; "
                + "a sync-start cohort must fit on the chip at once"
        case let .unknownKernel(id, slot):
            return "no kernel body registered for kernel id \(id) (\(slot))"
        case let .scopeDepthExceeded(limit):
            return "scopes nested deeper than \(limit) levels"
        case .scopeUnderflow:
            return "endScope() called with no open scope"
        case let .tensorReclaimed(tensor, owner):
            return "tensor '\(tensor)' was produced by task \(owner), which has already been reclaimed; "
                + "runtime-allocated outputs are valid only inside the scope that created them"
        case let .invalidTensor(message):
            return message
        case let .invalidConfiguration(message):
            return "invalid runtime configuration: \(message)"
        case let .kernelFailed(task, kernels, blockIdx, message):
            return "kernel \(kernels) of task \(task) failed in block \(blockIdx): \(message)"
        case let .orchestrationFailed(message):
            return "orchestration failed: \(message)"
        }
    }
}

/// The three per-ring budgets that can run out and make the orchestrator wait.
public enum RingResource: String, Sendable, CaseIterable, Equatable {
    /// Task slots (`PTO2_RING_TASK_WINDOW`).
    case taskWindow
    /// Output-buffer bytes (`PTO2_RING_HEAP`).
    case heap
    /// Dependency-list entries (`PTO2_RING_DEP_POOL`).
    case depPool

    public var description: String {
        switch self {
        case .taskWindow: return "task window"
        case .heap: return "heap ring"
        case .depPool: return "dependency pool"
        }
    }

    /// What a quantity of this resource counts.
    public var unit: String {
        switch self {
        case .taskWindow: return "task slots"
        case .heap: return "bytes"
        case .depPool: return "entries"
        }
    }

    /// The environment variable that sizes this resource.
    public var environmentKey: String {
        switch self {
        case .taskWindow: return "PTO2_RING_TASK_WINDOW"
        case .heap: return "PTO2_RING_HEAP"
        case .depPool: return "PTO2_RING_DEP_POOL"
        }
    }
}
