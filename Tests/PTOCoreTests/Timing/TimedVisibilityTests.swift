import Testing
import PTONumerics
@testable import PTOCore

/// In timed mode a read takes its bytes at its start and a write lands at its completion, so an access pair that no
/// sync orders really sees stale or early data; the same pair ordered by a flag sees the right data. Checked on a
/// vector op racing the load of its operand, against the eager executor, which runs effects in program order.
@Suite struct TimedVisibilityTests {
    /// AIV0: load `a` (GM ones), B = A * 2, optionally with an MTE2→V flag between; then store B to `out`.
    static func script(_ input: GMBuffer, _ out: GMBuffer, ordered: Bool) -> [(CoreIssuer) throws -> Void] {
        let a = TimedHarness.tile(.ub, 8, 128, .f32, at: 0), b = TimedHarness.tile(.ub, 8, 128, .f32, at: 4096)
        return [{ c in
            c.tload(a, GMView(input, offset: 0, rows: 8, cols: 128, rowStride: 128, .f32), label: "load-a")
            if ordered {
                c.setFlag(.mte2, .v, 0, label: "a-ready")
                c.waitFlag(.mte2, .v, 0, label: "a-ready")
            }
            c.tmuls(b, a, 2, label: "b=2a")
            c.pipeBarrier(.all)
            c.tstore(GMView(out, offset: 0, rows: 8, cols: 128, rowStride: 128, .f32), b, label: "store-b")
            c.pipeBarrier(.all)
        }]
    }

    static func values(_ gm: GlobalMemory, _ b: GMBuffer) -> Set<Float> {
        let t = gm.tensor(b)
        return Set((0..<t.count).map { t.f32[$0] })
    }

    @Test func anUnorderedReadTakesTheBytesThatWereThereWhenItStarted() throws {
        let h = try TimedHarness()
        let input = h.f32Buffer([Float](repeating: 1, count: 1024), name: "a")
        let out = h.f32Buffer([Float](repeating: -1, count: 1024), name: "out")
        let r = try h.run(aiv0: Self.script(input, out, ordered: false))
        let load = try r.entry(core: 1, .tload, "load-a"), mul = try r.entry(core: 1, .tmuls, "b=2a")
        #expect(mul.startCycles < load.endCycles)
        // B was computed from the UB image before the load landed: zeros.
        #expect(Self.values(h.gm, out) == [0])

        // The eager executor runs the load first (program order), so the race is invisible there.
        let eagerGM = GlobalMemory()
        let ei = eagerGM.register(TestTensors.f32([Float](repeating: 1, count: 1024), shape: [1024]), name: "a")
        let eo = eagerGM.register(TestTensors.f32([Float](repeating: -1, count: 1024), shape: [1024]), name: "out")
        try runCluster(gm: eagerGM, aiv0: Self.script(ei, eo, ordered: false))
        #expect(Self.values(eagerGM, eo) == [2])
    }

    @Test func theSameAccessesOrderedByAFlagSeeTheLoadedData() throws {
        let h = try TimedHarness()
        let input = h.f32Buffer([Float](repeating: 1, count: 1024), name: "a")
        let out = h.f32Buffer([Float](repeating: -1, count: 1024), name: "out")
        let r = try h.run(aiv0: Self.script(input, out, ordered: true))
        let load = try r.entry(core: 1, .tload, "load-a"), mul = try r.entry(core: 1, .tmuls, "b=2a")
        #expect(mul.startCycles >= load.endCycles)
        #expect(Self.values(h.gm, out) == [2])
        #expect(r.run.faults.isEmpty)
    }

    @Test func aWriteBecomesVisibleOnlyWhenItCompletes() throws {
        // A store to GM and a load of the same GM bytes on another pipe, unordered: the load starts while the
        // store is still in flight, so it reads the old GM contents.
        let h = try TimedHarness()
        let buf = h.f32Buffer([Float](repeating: 7, count: 1024), name: "slot")
        let out = h.f32Buffer([Float](repeating: -1, count: 1024), name: "out")
        let src = TimedHarness.tile(.ub, 8, 128, .f32, at: 0), dst = TimedHarness.tile(.ub, 8, 128, .f32, at: 4096)
        let view = GMView(buf, offset: 0, rows: 8, cols: 128, rowStride: 128, .f32)
        let r = try h.run(aiv0: [{ c in
            c.texpands(src, 3, label: "fill")
            c.pipeBarrier(.all)
            c.tstore(view, src, label: "write-slot")    // MTE3
            c.tload(dst, view, label: "read-slot")      // MTE2, unordered with the store
            c.pipeBarrier(.all)
            c.tstore(GMView(out, offset: 0, rows: 8, cols: 128, rowStride: 128, .f32), dst, label: "out")
            c.pipeBarrier(.all)
        }])
        let w = try r.entry(core: 1, .tstore, "write-slot"), rd = try r.entry(core: 1, .tload, "read-slot")
        #expect(rd.startCycles < w.endCycles)
        #expect(Self.values(h.gm, out) == [7])
        #expect(Self.values(h.gm, buf) == [3])
    }
}
