import Testing
@testable import PTOCore

/// The runtime model's back-pressure gates (which earlier task on the ring must be reclaimed before a submit can
/// allocate: its task-window slot, and the newest earlier task whose heap bytes it reuses), and how the scheduler
/// threads share ready tasks.
@Suite struct RuntimeSimulationTests {
    static func task(_ local: Int, heap: (Int, Int) = (0, 0), ring: Int = 0) -> RuntimePlan.Task {
        RuntimePlan.Task(key: local, shape: .aiv, blockNum: 1, syncStart: false, producers: [], lookups: 0, inserts: 0,
                         createdOutputs: heap.1 > 0 ? 1 : 0, ring: ring, local: local, heapOffset: heap.0,
                         heapBytes: heap.1)
    }

    @Test func aFullTaskWindowWaitsForTheSlotItReuses() {
        // Window 4: at most 3 tasks in flight, so the 4th submit needs the 1st reclaimed, the 5th the 2nd.
        let plan = RuntimePlan(tasks: (0..<6).map { Self.task($0) }, steps: [], clusters: 1, taskWindow: [4])
        #expect(RuntimeSimulation.reuseGates(plan) == [-3, -2, -1, 0, 1, 2])
    }

    @Test func aWrappedHeapAllocationWaitsForTheNewestTaskItOverlaps() {
        // 100-byte pieces in a 300-byte heap: the 4th wraps onto the 1st's bytes, the 5th onto the 2nd's.
        let tasks = [Self.task(0, heap: (0, 100)), Self.task(1, heap: (100, 100)), Self.task(2, heap: (200, 100)),
                     Self.task(3, heap: (0, 100)), Self.task(4, heap: (100, 50)), Self.task(5)]
        let plan = RuntimePlan(tasks: tasks, steps: [], clusters: 1, taskWindow: [1 << 20])
        let gates = RuntimeSimulation.reuseGates(plan)
        #expect(gates[3] == 0)
        #expect(gates[4] == 1)
        #expect(gates[5] < 0)
        #expect(gates[0] < 0 && gates[1] < 0 && gates[2] < 0)
    }

    /// Replays `plan` with the public set on a die of `clusters` clusters; no block has captured work, so each
    /// occupies its core for no time and the figures are the runtime's own costs.
    static func replay(_ plan: RuntimePlan) throws -> (RuntimeTimes, TimingParameters) {
        let p = try TimingParameters.builtIn(.public)
        let engine = TimingEngine(parameters: p, blocks: [], clusterCount: plan.clusters, perturber: .nominal) {
            _, _, _ in ""
        }
        let simulation = RuntimeSimulation(plan: plan, parameters: p, engine: engine, effects: nil,
                                           blocksOf: plan.tasks.map { [Int](repeating: -1, count: $0.blockNum) },
                                           physical: { _, _ in fatalError("no data effects in this replay") })
        return (simulation.run(), p)
    }

    /// Nanoseconds from a task's placement decision to its completion being handled: the dispatch write, the
    /// doorbell, the core's pickup (`cold` or warm), the completion notice and the scheduler's completion work.
    static func dispatchToDone(_ p: TimingParameters, cold: Bool) -> Double {
        let m = p.runtimeModel
        return m.schedDispatchNs.value + p.runtime.dispatchNs.value
            + (cold ? p.runtime.coreStartUs.value * 1000 : m.warmStartNs.value) + p.runtime.completionNs.value
            + m.schedCompleteNs.value
    }

    /// When the orchestrator publishes its `n`-th submit (1-based) of a task without lookups, inserts or producers.
    static func published(_ p: TimingParameters, submit n: Int) -> Double {
        let m = p.runtimeModel
        let perSubmit = m.userCodeNs.value + m.submitNs.value + m.heapAllocNs.value
        return m.orchStartAfterSchedNs.value + m.orchFixedNs.value + Double(n) * perSubmit
    }

    @Test func idleSchedulerThreadsShareIndependentTasks() throws {
        // Three one-block AIV tasks, no dependencies, three clusters (one per scheduler thread). Each is published
        // while every thread is idle: the thread idle longest takes it, so each lands on its own thread's cluster.
        // (Offered to thread 0 first every time, the first two went to cluster 0's two AIVs; every core's first task
        // starts cold, so this small plan's figure is the same either way.)
        let plan = RuntimePlan(tasks: (0..<3).map { Self.task($0) }, steps: (0..<3).map { .submit($0) }, clusters: 3,
                               taskWindow: [1 << 20])
        let (times, p) = try Self.replay(plan)
        #expect(times.incompleteTasks == 0)
        #expect(times.threadSpans.filter { $0.name == "dispatch" }.map(\.thread) == [0, 1, 2])
        let expected = Self.published(p, submit: 3) + Self.dispatchToDone(p, cold: true)
        #expect(abs(times.elapsedMicros * 1000 - expected) < 1e-6)
    }

    @Test func aTaskMadeReadyByACompletionGoesToTheThreadThatSawIt() throws {
        // Task 1 consumes task 0. Thread 0 places task 0 (all idle, lowest index); its completion, handled by thread
        // 0, puts task 1 in thread 0's local buffer, so thread 0 places it (warm, on the AIV that just finished)
        // although threads 1 and 2 have been idle longer.
        var consumer = Self.task(1)
        consumer.producers = [0]
        let plan = RuntimePlan(tasks: [Self.task(0), consumer], steps: [.submit(0), .submit(1)], clusters: 3,
                               taskWindow: [1 << 20])
        let (times, p) = try Self.replay(plan)
        #expect(times.incompleteTasks == 0)
        #expect(times.threadSpans.filter { $0.name == "dispatch" }.map(\.thread) == [0, 0])
        let m = p.runtimeModel
        // Its dependency edge costs the consumer's submit nothing in the public set.
        #expect(m.depEdgeNs.value == 0)
        let expected = Self.published(p, submit: 1) + Self.dispatchToDone(p, cold: true)
            + Self.dispatchToDone(p, cold: false)
        #expect(abs(times.elapsedMicros * 1000 - expected) < 1e-6)
    }

    @Test func aWaitingMixTaskDoesNotHoldBackSingleCoreTasks() throws {
        // One cluster. Task 0 (AIV) takes one AIV; task 1 (MIX) needs the whole cluster and waits; task 2 (AIV)
        // takes the other AIV at once, since each shape is dispatched on its own. The MIX task starts (cold: its
        // AIC has not run yet) when task 2's completion has freed the cluster. Held back behind the MIX task, task 2
        // would have run after it.
        let tasks = [Self.task(0), RuntimePlan.Task(key: 1, shape: .mix, blockNum: 1, syncStart: false, producers: [],
                                                     lookups: 0, inserts: 0, createdOutputs: 0, ring: 0, local: 1,
                                                     heapOffset: 0, heapBytes: 0), Self.task(2)]
        let plan = RuntimePlan(tasks: tasks, steps: (0..<3).map { .submit($0) }, clusters: 1, taskWindow: [1 << 20])
        let (times, p) = try Self.replay(plan)
        #expect(times.incompleteTasks == 0)
        let expected = Self.published(p, submit: 3) + 2 * Self.dispatchToDone(p, cold: true)
        #expect(abs(times.elapsedMicros * 1000 - expected) < 1e-6)
    }
}
