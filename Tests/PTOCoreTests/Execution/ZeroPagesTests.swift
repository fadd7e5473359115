import Testing
@testable import PTOCore

/// Scratchpad memory handed out again after a release holds zeros, like freshly mapped memory.
@Suite struct ZeroPagesTests {
    @Test func reusedBuffersAreZero() {
        let bytes = 192 * 1024 + 100  // not a whole number of pages
        var seen = Set<UInt>()
        for round in 0..<4 {
            let p = ZeroPages.allocate(bytes)
            seen.insert(UInt(bitPattern: p))
            let b = p.assumingMemoryBound(to: UInt8.self)
            #expect((0..<bytes).allSatisfy { b[$0] == 0 }, "round \(round)")
            // Dirty some pages (first, a middle one, the partial last one); leave others untouched.
            for offset in [0, 4096 * 7 + 5, bytes - 1] { b[offset] = UInt8(round + 1) }
            ZeroPages.release(p, bytes)
        }
        // The pool handed the same buffer back at least once (other suites may hold buffers of this size too).
        #expect(seen.count < 4)
    }
}
