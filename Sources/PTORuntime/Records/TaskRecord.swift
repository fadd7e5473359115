/// When a task passed each stage of its life, in seconds since the run started.
///
/// Host times are wall-clock on the emulating machine. The same structure will carry modeled chip time once a
/// timing model exists (`TaskRecord.modeled`).
public struct TaskTimes: Sendable, Equatable {
    /// The orchestrator finished submitting the task.
    public var submit: Double = 0
    /// Its last producer completed (or submit, if it had none waiting).
    public var ready: Double = 0
    /// Its first block was placed on a core.
    public var dispatch: Double = 0
    /// Its last block finished.
    public var complete: Double = 0
}

/// The same milestones as global event sequence numbers: every milestone of every task and block gets the next
/// number under the runtime lock, so "A happened before B" is a comparison that host-clock resolution cannot blur.
public struct TaskEvents: Sendable, Equatable {
    /// Submit finished.
    public var submit = 0
    /// Became ready.
    public var ready = 0
    /// First block placed on a core.
    public var dispatch = 0
    /// Last block finished.
    public var complete = 0
    /// Reclaimed (slot, heap and dependency entries released).
    public var consumed = 0
}

/// Where and when one block of a task ran.
public struct BlockRecord: Sendable, Equatable {
    /// The block's index in `0..<blockNum`.
    public var blockIdx: Int
    /// Cluster the block ran on.
    public var cluster: Int
    /// The core it held (nil for a MIX block, which holds the whole cluster).
    public var core: CoreID?
    /// Event numbers: placed on the core, started executing on a host thread, finished (core released).
    public var dispatchEvent: Int
    public var startEvent: Int
    public var endEvent: Int
    /// Host seconds since run start for the same three moments.
    public var dispatchTime: Double
    public var startTime: Double
    public var endTime: Double
}

/// Everything the runtime observed about one task.
public struct TaskRecord: Sendable {
    /// The task.
    public let id: TaskID
    /// Its kernel triple (a lone AIV kernel normalised to `aiv0`).
    public let kernels: MixedKernels
    /// Its resource shape.
    public let shape: ResourceShape
    /// Its launch spec.
    public let launch: LaunchSpec
    /// Scope depth at submit (0 = outside any user scope).
    public let scopeDepth: Int
    /// Directions of its tensor arguments, in add order.
    public let directions: [TensorDirection]
    /// Names of its tensor arguments, in add order.
    public let tensorNames: [String]
    /// How many scalar arguments it was submitted with.
    public let scalarCount: Int
    /// Its producers in program order (explicit, creator and TensorMap edges), deduplicated. A producer that had
    /// already completed and been reclaimed when the task was submitted is still named, though no wait was needed.
    public let producers: [TaskID]
    /// Heap-ring bytes its outputs took.
    public let heapBytes: Int
    /// Byte offset of its outputs in its ring's heap (the timed model keeps a reused region's readers first).
    public let heapOffset: Int
    /// TensorMap lookups and writer records its submit made (none in a manual scope or on untracked views).
    public let tensorMapLookups: Int
    public let tensorMapInserts: Int
    /// Host-time milestones.
    public let host: TaskTimes
    /// Modeled-time milestones; nil until a timing model exists.
    public let modeled: TaskTimes?
    /// Event-sequence milestones.
    public let events: TaskEvents
    /// Its blocks in dispatch order.
    public let blocks: [BlockRecord]
}
