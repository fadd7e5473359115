import Testing
@testable import PTORuntime

/// The three per-ring allocators on their own: task window, heap ring, dependency pool.
@Suite struct RingAllocatorTests {
    private func node(_ local: Int) -> TaskNode {
        TaskNode(id: TaskID(ring: 1, local: local), kernels: MixedKernels(), launch: LaunchSpec(), scopeDepth: 1,
                 scalars: [])
    }

    @Test func windowHoldsAtMostWindowMinusOneAndReclaimsInOrder() {
        var w = TaskWindow(window: 4)
        let nodes = (0..<3).map(node)
        for n in nodes {
            #expect(w.hasRoom)
            w.push(n)
        }
        #expect(!w.hasRoom && w.inFlight == 3)
        nodes[1].state = .consumed
        #expect(w.popConsumed() == nil, "the oldest task pins the ring")
        nodes[0].state = .consumed
        #expect(w.popConsumed() === nodes[0])
        #expect(w.popConsumed() === nodes[1])
        #expect(w.popConsumed() == nil && w.inFlight == 1 && w.hasRoom)
        #expect(w.task(local: 0) == nil && w.task(local: 2) === nodes[2])
        w.push(node(3))          // slot 3
        w.push(node(4))          // slot 0 again: the head wrapped
        #expect(w.wraps == 1 && w.maxInFlight == 3)
    }

    @Test func heapPiecesNeverStraddleTheEnd() throws {
        var h = HeapRing(capacity: 4096)
        let a = try place(&h, 1024)
        let b = try place(&h, 2048)
        #expect(a.offset == 0 && b.offset == 1024 && h.used == 3072)
        let full = h.allocate(2048)
        #expect(full == nil, "1024 bytes at the end and none before the tail")
        h.release(charged: a.charged, end: a.end)                    // tail → 1024
        let split = h.allocate(2048)
        #expect(split == nil, "1024 at the end, 1024 before the tail: neither piece fits")
        let c = try place(&h, 1024)                       // fits at the end exactly
        #expect(c.offset == 3072 && h.used == 3072)
        h.release(charged: b.charged, end: b.end)                    // tail → 3072
        let d = try place(&h, 2048)                       // wraps to 0
        #expect(d.offset == 0 && h.wraps == 1 && h.used == 1024 + 2048)
        h.release(charged: c.charged, end: c.end)
        h.release(charged: d.charged, end: d.end)
        #expect(h.used == 0)
    }

    @Test func heapChargesTheSkippedGapUntilTheTailPassesIt() throws {
        var h = HeapRing(capacity: 4096)
        let a = try place(&h, 2048)                                  // [0, 2048)
        let b = try place(&h, 1536)                                  // [2048, 3584): 512 bytes left at the end
        h.release(charged: a.charged, end: a.end)
        let c = try place(&h, 1024)                                  // skips the 512-byte gap, lands at 0
        #expect(c.offset == 0 && c.charged == 1536 && h.used == 3072)
        let d = try place(&h, 1024)                                  // [1024, 2048) is free
        #expect(d.offset == 1024 && h.used == 4096)
        let none = h.allocate(1)
        #expect(none == nil)
        h.release(charged: b.charged, end: b.end)                    // live: gap [3584, 4096) + [0, 2048)
        #expect(h.used == 2560)
        let e = try place(&h, 1536)                                  // exactly [2048, 3584)
        #expect(e.offset == 2048 && h.used == 4096)
        h.release(charged: c.charged, end: c.end)                    // the gap goes with c
        #expect(h.used == 2560)
    }

    @Test func emptyHeapRebasesToZeroAndZeroByteRequestsTakeNothing() throws {
        var h = HeapRing(capacity: 4096)
        let a = try place(&h, 3072)
        h.release(charged: a.charged, end: a.end)                    // empty, parked at 3072
        let z = try place(&h, 0)
        #expect(z.charged == 0 && h.used == 0)
        let b = try place(&h, 4096)                       // only fits after rebasing to 0
        #expect(b.offset == 0 && h.wraps == 1)
        let (one, huge) = (h.allocate(1), h.allocate(5000))
        #expect(one == nil && huge == nil)
    }

    @Test func depPoolReleasesUpToTheConsumedTasksMark() {
        var p = DepPool(capacity: 8)
        let (five, four, three) = (p.take(5), p.take(4), p.take(3))
        #expect(five && !four && three)
        #expect(p.used == 8 && p.wraps == 1)
        p.release(upTo: 5)
        #expect(p.used == 3)
        let again = p.take(5)
        #expect(again && p.used == 8)
        p.release(upTo: 4)                                           // marks never move the tail back
        #expect(p.used == 8 && p.maxUsed == 8)
    }

    private struct DidNotFit: Error {}

    private func place(_ h: inout HeapRing, _ bytes: Int) throws -> HeapRing.Placement {
        guard let p = h.allocate(bytes) else {
            Issue.record("\(bytes) bytes did not fit (used \(h.used) of \(h.capacity))")
            throw DidNotFit()
        }
        return p
    }
}
