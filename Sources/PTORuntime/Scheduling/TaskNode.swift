import PTONumerics

/// One submitted task as the runtime tracks it: the state a slot of simpler's task ring holds
/// (`PTO2TaskSlotState` + descriptor + payload), plus the records PTOSim reports. Guarded by the engine lock.
///
/// Lifetime: PENDING until every block has finished, then COMPLETED; CONSUMED once it is completed, its scope has
/// ended and every consumer that retains it (reads its runtime-allocated buffer) has completed. Only then may the
/// ring reclaim its slot, heap bytes and dependency entries — strictly in submit order per ring.
final class TaskNode {
    enum State: Int, Comparable {
        case pending, completed, consumed
        static func < (a: State, b: State) -> Bool { a.rawValue < b.rawValue }
    }

    let id: TaskID
    let kernels: MixedKernels
    let shape: ResourceShape
    let launch: LaunchSpec
    let scopeDepth: Int
    /// Tensor arguments in add order (create-infos materialised) with their directions.
    var tensors: [ChipTensor] = []
    var directions: [TensorDirection] = []
    var tensorNames: [String] = []
    let scalars: [UInt64]

    var state = State.pending
    /// False until the scope that submitted the task ends (simpler's scope bit in `fanout_count`).
    var scopeReleased = false
    /// Consumers that read this task's runtime-allocated buffers and have not completed yet.
    var retainers = 0
    /// Producers this task keeps alive until it completes (its creator edges).
    var retained: [TaskNode] = []
    /// Tasks waiting for this one to complete.
    var fanout: [TaskNode] = []
    /// Producers not yet completed.
    var pendingFanin = 0
    /// Every producer this task is ordered after in program order, for records and the timed replay.
    var producers: [TaskID] = []

    /// Blocks handed to cores so far / finished so far.
    var nextBlock = 0
    var blocksDone = 0
    /// Heap ring placement: byte offset, bytes charged (incl. any skipped tail gap) and the ring top after the
    /// allocation (simpler's `packed_buffer_end`).
    var heapOffset = 0
    var heapCharged = 0
    var heapEnd = 0
    var heapBytes = 0
    /// TensorMap lookups (input/inout arguments) and writer records (inout/output-existing) its submit made.
    var tensorMapLookups = 0
    var tensorMapInserts = 0
    /// Dependency-pool top after this task's edges were wired (simpler's `dep_pool_mark`).
    var depPoolMark = 0

    var times = TaskTimes()
    var events = TaskEvents()
    var blocks: [BlockRecord] = []

    init(id: TaskID, kernels: MixedKernels, launch: LaunchSpec, scopeDepth: Int, scalars: [UInt64]) {
        self.id = id
        self.kernels = kernels.normalized
        self.shape = kernels.shape
        self.launch = launch
        self.scopeDepth = scopeDepth
        self.scalars = scalars
    }

    /// Whether the cohort rule applies (simpler ignores `require_sync_start` for a single block).
    var isSyncStart: Bool { launch.requireSyncStart && launch.blockNum > 1 && shape != .dummy }

    /// Core programs that must finish before the task completes (simpler's `total_required_subtasks`).
    var requiredSubtasks: Int { launch.blockNum * kernels.activeCount }

    /// The immutable record of this task for the run report.
    func record() -> TaskRecord {
        TaskRecord(id: id, kernels: kernels, shape: shape, launch: launch, scopeDepth: scopeDepth,
                   directions: directions, tensorNames: tensorNames, scalarCount: scalars.count, producers: producers,
                   heapBytes: heapBytes, heapOffset: heapOffset,
                   tensorMapLookups: tensorMapLookups, tensorMapInserts: tensorMapInserts, host: times, modeled: nil, events: events, blocks: blocks)
    }
}
