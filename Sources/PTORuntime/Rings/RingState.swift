import Foundation

/// Everything one ring owns (simpler keeps one per scope depth, 4 in all): its task window, its output heap and
/// dependency pool with their bookkeeping, the host memory behind the heap, and how often the orchestrator had to
/// wait for each resource.
struct RingState {
    let index: Int
    let sizes: RingSizes
    var window: TaskWindow
    var heap: HeapRing
    var deps: DepPool
    /// Host bytes standing in for the heap ring's GM region; allocated on first use.
    var memory: HeapMemory?
    /// Submits that had to wait at least once, per resource.
    var waits: [RingResource: Int] = [:]
    /// Tasks submitted on this ring.
    var submitted = 0

    init(index: Int, sizes: RingSizes) {
        self.index = index
        self.sizes = sizes
        window = TaskWindow(window: sizes.taskWindow)
        heap = HeapRing(capacity: sizes.heapBytes)
        deps = DepPool(capacity: sizes.depPool)
    }

    /// The heap region, allocating it on first use.
    mutating func heapMemory() -> HeapMemory {
        if let memory { return memory }
        let m = HeapMemory(byteCount: sizes.heapBytes)
        memory = m
        return m
    }

    /// Statistics for the run report.
    var stats: RingStats {
        RingStats(ring: index, sizes: sizes, tasks: submitted, taskWindowWraps: window.wraps, heapWraps: heap.wraps,
                  depPoolWraps: deps.wraps, maxInFlight: window.maxInFlight, maxHeapBytes: heap.maxUsed,
                  maxDepEntries: deps.maxUsed, taskWindowWaits: waits[.taskWindow, default: 0],
                  heapWaits: waits[.heap, default: 0], depPoolWaits: waits[.depPool, default: 0])
    }
}

/// The host allocation behind one heap ring. Runtime-allocated tensors point into it and keep it alive.
///
/// Pages are not touched until a task's outputs land on them, so a 256 MiB ring costs only what is used.
final class HeapMemory: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let byteCount: Int

    init(byteCount: Int) {
        self.byteCount = byteCount
        base = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 4096)
    }

    deinit { base.deallocate() }
}
