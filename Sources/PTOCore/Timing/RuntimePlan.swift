/// What the runtime did with a launch, as the timed model needs it: every task in submit order with its shape,
/// blocks, producers and the orchestration work its submit did, and the orchestration's steps in program order.
/// Built from PTORuntime's records (PTOCore knows nothing of the runtime), then replayed on a modeled chip by
/// `TimedChip.simulateRuntime`.
public struct RuntimePlan: Sendable {
    /// The core kind one block of a task occupies.
    public enum Shape: Sendable, Equatable {
        /// One cluster (AIC + both AIVs).
        case mix
        /// One AIC.
        case aic
        /// One AIV.
        case aiv
        /// No core: the scheduler completes it once its producers have.
        case dummy
    }

    /// One submitted task.
    public struct Task: Sendable {
        /// The key its blocks were captured under (`TimedChip.capture(task:...)`).
        public var key: Int
        public var shape: Shape
        public var blockNum: Int
        public var syncStart: Bool
        /// Indices (into `tasks`) of the tasks it waits for.
        public var producers: [Int]
        /// TensorMap lookups (input and inout arguments), inserts (output and inout arguments), create-info outputs.
        public var lookups: Int
        public var inserts: Int
        public var createdOutputs: Int
        /// Its ring, its index on the ring, and its heap placement.
        public var ring: Int
        public var local: Int
        public var heapOffset: Int
        public var heapBytes: Int
        /// Arguments of its submit (tensors and scalars), each copied into the task's payload.
        public var arguments: Int

        public init(key: Int, shape: Shape, blockNum: Int, syncStart: Bool, producers: [Int], lookups: Int,
                    inserts: Int, createdOutputs: Int, ring: Int, local: Int, heapOffset: Int, heapBytes: Int,
                    arguments: Int = 0) {
            self.key = key
            self.shape = shape
            self.blockNum = blockNum
            self.syncStart = syncStart
            self.producers = producers
            self.lookups = lookups
            self.inserts = inserts
            self.createdOutputs = createdOutputs
            self.ring = ring
            self.local = local
            self.heapOffset = heapOffset
            self.heapBytes = heapBytes
            self.arguments = arguments
        }
    }

    /// One orchestration step.
    public enum Step: Sendable, Equatable {
        case scopeBegin
        case scopeEnd
        case submit(Int)
    }

    public var tasks: [Task]
    public var steps: [Step]
    /// Clusters of the modeled die.
    public var clusters: Int
    /// Task-window slots per ring (at most `window - 1` tasks in flight).
    public var taskWindow: [Int]

    public init(tasks: [Task], steps: [Step], clusters: Int, taskWindow: [Int]) {
        self.tasks = tasks
        self.steps = steps
        self.clusters = clusters
        self.taskWindow = taskWindow
    }
}
