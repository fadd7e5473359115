/// Per-ring figures of one run.
public struct RingStats: Sendable, Equatable {
    /// Ring index (scope depth, capped at 3).
    public let ring: Int
    /// The ring's budgets.
    public let sizes: RingSizes
    /// Tasks submitted on the ring.
    public let tasks: Int
    /// Times the task window's head wrapped to slot 0.
    public let taskWindowWraps: Int
    /// Times a heap allocation restarted at offset 0.
    public let heapWraps: Int
    /// Times the dependency pool's circular index wrapped.
    public let depPoolWraps: Int
    /// Most tasks in flight at once (never more than `taskWindow - 1`).
    public let maxInFlight: Int
    /// Most heap bytes in use at once.
    public let maxHeapBytes: Int
    /// Most dependency entries in use at once.
    public let maxDepEntries: Int
    /// Submits that waited for a task slot, for heap space and for dependency entries.
    public let taskWindowWaits: Int
    public let heapWaits: Int
    public let depPoolWaits: Int

    /// All back-pressure waits on this ring.
    public var backpressureWaits: Int { taskWindowWaits + heapWaits + depPoolWaits }
}

/// What one `Runtime.run` did: every task's record in submit order and every ring's statistics.
public struct RunReport: Sendable {
    /// Tasks in submit order.
    public let tasks: [TaskRecord]
    /// Rings 0...3.
    public let rings: [RingStats]
    /// Host seconds from the start of the run until every task completed.
    public let wallSeconds: Double
    /// Host seconds the orchestration function took (including back-pressure waits).
    public let orchestrationSeconds: Double
    /// The configuration the run used.
    public let config: RuntimeConfig
    /// The orchestration's user-scope begins/ends and submits in program order.
    public let orchestrationSteps: [OrchestrationStep]

    /// The record of task `id`.
    public func record(_ id: TaskID) -> TaskRecord? {
        index[id].map { tasks[$0] }
    }

    private let index: [TaskID: Int]

    init(tasks: [TaskRecord], rings: [RingStats], wallSeconds: Double, orchestrationSeconds: Double,
         config: RuntimeConfig, orchestrationSteps: [OrchestrationStep] = []) {
        self.tasks = tasks
        self.rings = rings
        self.wallSeconds = wallSeconds
        self.orchestrationSeconds = orchestrationSeconds
        self.config = config
        self.orchestrationSteps = orchestrationSteps
        var index: [TaskID: Int] = [:]
        for (i, t) in tasks.enumerated() { index[t.id] = i }
        self.index = index
    }

    /// Every (consumer, producer) pair where some block of the consumer started before the producer completed,
    /// judged by the runtime's own event order. Empty for a correct scheduler.
    public func orderingViolations() -> [(consumer: TaskID, producer: TaskID)] {
        var bad: [(TaskID, TaskID)] = []
        for t in tasks {
            let firstStart = t.blocks.map(\.startEvent).min() ?? t.events.ready
            for p in t.producers {
                guard let producer = record(p) else { continue }
                if producer.events.complete == 0 || producer.events.complete > firstStart || producer.events.complete
                    > t.events.ready {
                    bad.append((t.id, p))
                }
            }
        }
        return bad
    }
}
