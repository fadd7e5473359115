/// What the runtime timed model produced beyond the cores' timeline: simpler's three Performance Summary figures,
/// defined as its profiling defines them at c55731923, and the spans of the orchestrator and scheduler threads.
///
/// - Orch = orch_end − orch_start of the orchestrator thread (its whole orchestration, back-pressure stalls
///   included);
/// - Sched = max(sched_end) − min(sched_start) over the scheduler threads (each from entering its dispatch loop to
///   leaving it once every task has completed and the orchestration is done);
/// - Elapsed = the latest of every end stamp − the earliest of every start stamp.
public struct RuntimeTimes: Sendable {
    /// One span of a runtime thread: the orchestrator (thread -1) or scheduler thread `thread`.
    public struct Span: Sendable {
        public var thread: Int
        public var name: String
        public var task: Int
        public var startNs: Double
        public var endNs: Double
    }

    /// One block of a task on one physical core.
    public struct CoreSpan: Sendable {
        public var cluster: Int
        /// 0 AIC, 1 AIV0, 2 AIV1.
        public var slot: Int
        public var task: Int
        public var blockIdx: Int
        public var startNs: Double
        public var endNs: Double
    }

    public var elapsedMicros: Double
    public var schedMicros: Double
    public var orchMicros: Double
    public var orchStartNs: Double
    public var orchEndNs: Double
    /// Each scheduler thread's end stamp (they all start at 0).
    public var schedEndNs: [Double]
    /// Nanoseconds the orchestrator spent waiting for a ring slot or heap space.
    public var backPressureNs: Double
    /// Tasks that never completed (a block deadlocked): the figures then cover only what ran and mean nothing.
    public var incompleteTasks: Int
    public var threadSpans: [Span]
    public var coreSpans: [CoreSpan]
}
