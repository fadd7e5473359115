import Testing
@testable import PTOCore

/// The runtime model's back-pressure gates: which earlier task on the ring must be reclaimed before a submit can
/// allocate (its task-window slot, and the newest earlier task whose heap bytes it reuses).
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
}
