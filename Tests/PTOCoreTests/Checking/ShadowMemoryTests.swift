import Testing
@testable import PTOCore

/// The interval shadow against a per-byte model: the same random accesses must yield the same conflicts.
@Suite("Interval shadow memory")
struct ShadowMemoryTests {
    /// What one byte remembers in the reference model.
    struct ByteState {
        var write: AccessEpoch?
        var reads: [Int32: AccessEpoch] = [:]
    }

    func epoch(_ component: Int, _ clock: UInt32, _ index: Int) -> AccessEpoch {
        AccessEpoch(component: Int32(component), clock: clock, core: 0, index: index, pipe: .v, op: .external,
                    label: "", detail: index)
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func matchesPerByteModel(seed: UInt64) {
        var rng = TestRandom(seed: seed)
        let size = 512, components = 4
        let shadow = ShadowMemory()
        var bytes = Array(repeating: ByteState(), count: size)
        var ticks = Array(repeating: UInt32(0), count: components)
        for index in 0..<400 {
            let k = Int(rng.next() % UInt64(components))
            ticks[k] += 1
            // The accessor knows a random prefix of every other component's history, and all of its own.
            var clock = VectorClock(components: components)
            for c in 0..<components { clock[c] = c == k ? ticks[c] : UInt32(rng.next() % UInt64(ticks[c] + 1)) }
            let start = Int(rng.next() % UInt64(size))
            let end = min(size, start + 1 + Int(rng.next() % 96))
            let isWrite = rng.next() % 3 == 0
            let e = epoch(k, ticks[k], index)
            let got = shadow.access(start: start, end: end, isWrite: isWrite, by: e, clock: clock)

            // Reference: per byte, then merged per (kind, earlier access) into the covering range.
            var want: [String: (Int, Int)] = [:]
            func note(_ kind: Hazard.Kind, _ earlier: AccessEpoch, _ byte: Int) {
                let key = "\(kind.rawValue):\(earlier.index)"
                let r = want[key] ?? (byte, byte + 1)
                want[key] = (min(r.0, byte), max(r.1, byte + 1))
            }
            for b in start..<end {
                if let w = bytes[b].write, !clock.knows(Int(w.component), w.clock) { note(isWrite ? .waw : .raw, w, b) }
                if isWrite {
                    for r in bytes[b].reads.values where !clock.knows(Int(r.component), r.clock) { note(.war, r, b) }
                    bytes[b].write = e
                    bytes[b].reads = [:]
                } else {
                    bytes[b].reads[e.component] = e
                }
            }
            var gotMap: [String: (Int, Int)] = [:]
            for c in got { gotMap["\(c.kind.rawValue):\(c.earlier.index)"] = (c.start, c.end) }
            #expect(gotMap.keys.sorted() == want.keys.sorted(), "access \(index)")
            for (key, range) in want { #expect(gotMap[key]! == range, "access \(index) \(key)") }
        }
        // Segments stay sorted and disjoint.
        let segs = shadow.segments
        for i in segs.indices.dropFirst() { #expect(segs[i - 1].end <= segs[i].start) }
        #expect(segs.allSatisfy { $0.start < $0.end })
    }
}
