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

/// The discrete-event simulation's agenda: events come out ordered by (time, kind, sequence).
///
/// Most events are wakes for the current time (an instruction completes and its core looks again). Those sort after
/// everything else at that time and among themselves in arrival order, so they wait in a plain FIFO beside a binary
/// min-heap that holds the rest; `pop` takes whichever head is smaller, which is the order one heap would give.
struct EventQueue {
    private var heap: [TimedEvent] = []
    private var sequence: UInt64 = 0
    /// Time of the last event popped from the heap.
    private var now = -Double.infinity
    /// Wakes pushed for `now`, in arrival order (from `wakeHead` on).
    private var wakesNow: [TimedEvent] = []
    private var wakeHead = 0

    var isEmpty: Bool { heap.isEmpty && wakeHead == wakesNow.count }
    var count: Int { heap.count + wakesNow.count - wakeHead }

    mutating func push(_ time: Double, _ kind: TimedEvent.Kind, _ a: Int32 = 0, _ b: Int32 = 0, _ c: Int32 = 0) {
        sequence &+= 1
        let e = TimedEvent(time: time, order: UInt64(kind.rawValue) << 56 | sequence, kind: kind, a: a, b: b, c: c)
        // A wake for the current time sorts after every queued event at this time of a lower kind and after every
        // earlier wake for it, and before anything later: the end of the FIFO is its place.
        if kind == .wake && time == now {
            wakesNow.append(e)
            return
        }
        heap.append(e)
        // Sift up with a hole: parents move down, the new event is written once.
        heap.withUnsafeMutableBufferPointer { h in
            var i = h.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard Self.less(e, h[parent]) else { break }
                h[i] = h[parent]
                i = parent
            }
            h[i] = e
        }
    }

    mutating func pop() -> TimedEvent? {
        if wakeHead < wakesNow.count {
            let w = wakesNow[wakeHead]
            if heap.isEmpty || !Self.less(heap[0], w) {
                wakeHead += 1
                if wakeHead == wakesNow.count {
                    wakesNow.removeAll(keepingCapacity: true)
                    wakeHead = 0
                }
                return w
            }
        }
        guard let first = heap.first else { return nil }
        now = first.time
        let last = heap.removeLast()
        guard !heap.isEmpty else { return first }
        // Sift down with a hole: the smaller child moves up until `last` fits.
        heap.withUnsafeMutableBufferPointer { h in
            let n = h.count
            var i = 0
            while true {
                let l = 2 * i + 1
                if l >= n { break }
                let r = l + 1
                let m = r < n && Self.less(h[r], h[l]) ? r : l
                guard Self.less(h[m], last) else { break }
                h[i] = h[m]
                i = m
            }
            h[i] = last
        }
        return first
    }

    @inline(__always)
    private static func less(_ x: TimedEvent, _ y: TimedEvent) -> Bool {
        x.time < y.time || (x.time == y.time && x.order < y.order)
    }
}
