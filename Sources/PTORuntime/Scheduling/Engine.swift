import Foundation

/// The shared state of one run of the emulated PTO2 runtime — rings, TensorMap, ready queues, core table and block
/// jobs — and the lock that guards it.
///
/// simpler splits this work between an orchestrator thread and three scheduler threads that meet in shared memory
/// through atomics. PTOSim keeps the same state machine but serialises every transition under one lock: the
/// orchestrator thread (submit, scope end) and the host worker threads (block finished) each apply their transition
/// and then run a dispatch pass. Only kernel bodies run outside the lock, on the host worker threads.
final class Engine: @unchecked Sendable {
    let config: RuntimeConfig
    let kernels: KernelRegistry
    let lock = NSCondition()
    /// Identity of this run, carried by the outputs it allocates.
    let token = RunToken()
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    // Everything below is guarded by `lock`.
    var rings: [RingState]
    var tensorMap = TensorMap()
    var cores: CoreOccupancy
    var queues = ReadyQueues()
    var jobs = FIFO<BlockJob>()
    /// Tasks in submit order.
    var tasks: [TaskNode] = []
    /// The orchestration's scope and submit steps in program order (the orchestrator thread appends them).
    var orchestrationSteps: [OrchestrationStep] = []
    /// Dummy tasks that became ready and wait to be completed inline.
    var inlineCompletions: [TaskNode] = []
    /// Tasks submitted and not yet completed.
    var incomplete = 0
    /// Blocks executing on host threads right now.
    var runningBlocks = 0
    private var eventCounter = 0
    /// The first fatal error, once latched.
    var fatal: RuntimeError?
    var stopping = false
    var liveWorkers = 0

    init(config: RuntimeConfig, kernels: KernelRegistry) {
        self.config = config
        self.kernels = kernels
        start = clock.now
        rings = config.rings.enumerated().map { RingState(index: $0.offset, sizes: $0.element) }
        cores = CoreOccupancy(clusters: config.clusters)
    }

    /// Host seconds since the run started.
    func now() -> Double {
        let d = clock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// The next global event number (lock held).
    func nextEvent() -> Int {
        eventCounter += 1
        return eventCounter
    }

    /// Latches `error` as the run's fatal error (the first one wins) and wakes every waiter. Lock held.
    @discardableResult
    func fail(_ error: RuntimeError) -> RuntimeError {
        if fatal == nil { fatal = error }
        lock.broadcast()
        return error
    }

    /// Throws the latched fatal error, if any. Lock held.
    func throwIfFatal() throws {
        if let fatal { throw fatal }
    }

    /// Drops every task's links to other tasks once the run is over (lock held), so that tasks a failed run left
    /// unfinished do not keep each other alive.
    func releaseEdges() {
        for task in tasks {
            task.fanout.removeAll()
            task.retained.removeAll()
        }
        inlineCompletions.removeAll()
    }

    /// Runs `body` with the lock held.
    func locked<R>(_ body: () throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Waits (lock held) until `done()` holds, the run fails, or nothing left could ever make it hold.
    func wait(until done: () -> Bool) throws {
        while !done() {
            try throwIfFatal()
            if runningBlocks == 0 && jobs.isEmpty && inlineCompletions.isEmpty {
                throw fail(.orchestrationFailed("waiting for a task that can never complete (no block is running "
                    + "or queued)"))
            }
            lock.wait()
        }
    }

    /// Blocks until every submitted task has completed, or — after a fatal error — until no block is executing.
    func drain() {
        locked {
            while true {
                if fatal != nil {
                    if runningBlocks == 0 { return }
                } else if incomplete == 0 {
                    return
                } else if runningBlocks == 0 && jobs.isEmpty && inlineCompletions.isEmpty {
                    fail(.orchestrationFailed("\(incomplete) tasks can never complete (no block is running or queued)"))
                    continue
                }
                lock.wait()
            }
        }
    }

    /// The run report (call after `drain`).
    func report(orchestrationSeconds: Double) -> RunReport {
        locked {
            RunReport(tasks: tasks.map { $0.record() }, rings: rings.map(\.stats), wallSeconds: now(),
                      orchestrationSeconds: orchestrationSeconds, config: config,
                      orchestrationSteps: orchestrationSteps)
        }
    }
}
