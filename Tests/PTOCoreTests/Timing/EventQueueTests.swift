import Testing
@testable import PTOCore

/// The agenda's order (time, then kind, then arrival) against a plain sort of everything pushed, with the
/// simulation's pattern: while handling an event, push wakes for the same time and other events for later.
@Suite struct EventQueueTests {
    @Test func popsWhatAPlainMinimumSearchWouldPop() {
        var rng = SplitMix(seed: 7)
        var queue = EventQueue()
        // The reference: every pending event with its push order; the next one is the (time, kind, order) minimum.
        var pending: [(time: Double, kind: UInt8, seq: Int32)] = []
        var seq: Int32 = 0
        func push(_ time: Double, _ kind: TimedEvent.Kind) {
            seq += 1
            pending.append((time, kind.rawValue, seq))
            queue.push(time, kind, seq)
        }
        push(0, .blockStart)
        var pops = 0, sameTimeWakes = 0
        while let e = queue.pop() {
            let i = pending.indices.min { x, y in
                let a = pending[x], b = pending[y]
                return a.time < b.time || (a.time == b.time && (a.kind < b.kind || (a.kind == b.kind && a.seq < b.seq)))
            }!
            #expect(pending[i].seq == e.a && pending[i].time == e.time && pending[i].kind == e.kind.rawValue)
            pending.remove(at: i)
            pops += 1
            guard pops < 4000 else { continue }
            for _ in 0..<Int(rng.next() % 4) {
                let kinds: [TimedEvent.Kind] = [.opEnd, .counterArrive, .flowStart, .flowTick, .blockStart, .wake]
                // Most pushes are wakes for the current time, as in the simulation; the rest land now or later.
                if rng.next() % 3 != 0 {
                    push(e.time, .wake)
                    sameTimeWakes += 1
                } else {
                    push(e.time + Double(rng.next() % 3), kinds[Int(rng.next() % 6)])
                }
            }
        }
        #expect(pending.isEmpty && pops > 1000 && sameTimeWakes > 500)
    }
}

/// A small deterministic generator for the test's choices.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
