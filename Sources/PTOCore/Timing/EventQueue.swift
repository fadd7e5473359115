/// One pending event of the timing model: what happens, and when.
struct TimedEvent {
    enum Kind: UInt8 {
        /// An instruction completes: its writes become visible, a set fires. Runs first among events at one time,
        /// so a read starting at time t sees every write that ends at t.
        case opEnd = 0
        /// A cross-core set reaches its target's counter.
        case counterArrive = 1
        /// A DMA's latency is over: its bytes start to flow through the shared HBM.
        case flowStart = 2
        /// The HBM flow model's next completion (stale when `a` is not the pool's current version).
        case flowTick = 3
        /// A block of work starts on its cluster.
        case blockStart = 4
        /// A step of the runtime model (orchestrator, scheduler threads); handled by its driver.
        case runtime = 5
        /// A core looks again at what it can issue or start. Last at any time, after every state change.
        case wake = 6
    }

    var time: Double
    /// Kind in the top byte, then a sequence number: ties break by kind, then first come first served.
    var order: UInt64
    var kind: Kind
    var a: Int32
    var b: Int32
    var c: Int32
}

/// A binary min-heap of events ordered by (time, kind, sequence): the discrete-event simulation's agenda.
struct EventQueue {
    private var heap: [TimedEvent] = []
    private var sequence: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    mutating func push(_ time: Double, _ kind: TimedEvent.Kind, _ a: Int32 = 0, _ b: Int32 = 0, _ c: Int32 = 0) {
        sequence &+= 1
        let e = TimedEvent(time: time, order: UInt64(kind.rawValue) << 56 | sequence, kind: kind, a: a, b: b, c: c)
        heap.append(e)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.less(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> TimedEvent? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        guard !heap.isEmpty else { return first }
        heap[0] = last
        var i = 0
        let n = heap.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n && Self.less(heap[l], heap[m]) { m = l }
            if r < n && Self.less(heap[r], heap[m]) { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
        return first
    }

    @inline(__always)
    private static func less(_ x: TimedEvent, _ y: TimedEvent) -> Bool {
        x.time < y.time || (x.time == y.time && x.order < y.order)
    }
}
