import PTONumerics
import Testing
@testable import PTOCore

/// The scalar unit's GM store and `dcci`: where the value lands (and that it does not without the dcci), what the
/// issue records say, which operands are refused, how the race checker orders a cleaned scalar store against a DMA
/// store, and what the timing model charges.
@Suite("Scalar GM store and dcci")
struct ScalarStoreTests {
    private func element(_ b: GMBuffer, _ i: Int) -> GMView { GMView(b, offset: i * 4, rows: 1, cols: 1, rowStride: 1, .f32) }

    /// Each core of a cluster stores its own values; every element lands at its index and nothing else changes.
    @Test func storesLandAtTheirElements() throws {
        let gm = GlobalMemory()
        let out = Tensor(dtype: .f32, shape: [48])
        for i in 0..<48 { out.f32[i] = -1 }
        let b = gm.register(out, name: "out")
        let writes: [(core: Int, index: Int, value: Float)] = [(0, 0, 3), (0, 1, 24), (1, 16, 5), (2, 33, 0.5), (2, 47, -7)]
        func script(_ core: Int) -> [(CoreIssuer) throws -> Void] {
            [{ c in
                for w in writes where w.core == core { c.scalarStore(element(b, w.index), w.value, label: "st") }
                c.dcci(element(b, writes.first { $0.core == core }!.index), label: "flush")
            }]
        }
        try runCluster(gm: gm, aic: script(0), aiv0: script(1), aiv1: script(2))
        var expected = [Float](repeating: -1, count: 48)
        for w in writes { expected[w.index] = w.value }
        #expect(TestTensors.floats(out) == expected)
    }

    /// The store touches no GM byte (it goes into the core's cache); the dcci is the GM write of the dirty bytes.
    @Test func issueRecordsPutTheGMWriteOnTheDcci() throws {
        let gm = GlobalMemory()
        _ = gm.register(Tensor(dtype: .f32, shape: [8]), name: "pad")
        let b = gm.register(Tensor(dtype: .f32, shape: [32]), name: "out")
        let log = RecordLog()
        try runCluster(gm: gm, aiv1: [{ c in
            c.scalarStore(element(b, 17), 2, label: "st", detail: 4)
            c.scalarStore(element(b, 19), 3, label: "st", detail: 5)
            c.dcci(element(b, 17), label: "flush")
        }], sink: log)
        let st = log.records.filter { $0.op == .scalarStore }
        #expect(st.count == 2 && st.allSatisfy { $0.core == 2 && $0.pipe == .s && $0.reads.isEmpty && $0.writes.isEmpty })
        #expect(st.first?.labelText == "st[4]")
        let flush = try #require(log.records.first { $0.op == .dcci })
        #expect(flush.pipe == .s && flush.reads.isEmpty && flush.event == .none)
        // Elements 17 and 19 share the line of elements 16...31; only their bytes are dirty.
        #expect(flush.writes == [MemoryRange(space: .gm, offset: b.base + 17 * 4, bytes: 4),
                                 MemoryRange(space: .gm, offset: b.base + 19 * 4, bytes: 4)])
    }

    /// Without the dcci the value stays in the cache: GM keeps its old bytes and the run warns, naming the store.
    @Test func storeWithoutDcciNeverReachesGM() throws {
        let gm = GlobalMemory()
        let out = Tensor(dtype: .f32, shape: [32])
        let b = gm.register(out, name: "out")
        let cluster = try runCluster(gm: gm, aic: [{ c in
            c.scalarStore(element(b, 0), 7, label: "kept")
            c.dcci(element(b, 0), label: "flush")
            c.scalarStore(element(b, 16), 8, label: "lost")
        }])
        #expect(out.f32[0] == 7 && out.f32[16] == 0)
        #expect(cluster.warnings.map(\.kind) == [.uncleanedScalarStore])
        #expect(cluster.warnings.first?.message.contains("aic: 1 scalar store(s) to 'out' (first 'lost'") == true)
    }

    /// Two cores store to the same cache line and each cleans it: only dirty bytes are written, so neither
    /// overwrites the other's value with its stale copy of the line.
    @Test func cleaningALineWritesOnlyItsDirtyBytes() throws {
        let gm = GlobalMemory()
        let out = Tensor(dtype: .f32, shape: [16])
        let b = gm.register(out, name: "out")
        try runCluster(gm: gm, aic: [{ c in
            c.scalarStore(element(b, 0), 1, label: "aic")
            c.dcci(element(b, 0))
        }], aiv0: [{ c in
            c.scalarStore(element(b, 1), 2, label: "aiv0")
            c.dcci(element(b, 1))
            c.dcci(element(b, 1), label: "clean line again")
        }])
        #expect(Array(TestTensors.floats(out).prefix(3)) == [1, 2, 0])
    }

    @Test(arguments: [
        ("1x2", "a scalar store writes one element; the GM view is 1x2"),
        ("bf16", "the value is fp32 but the GM view is bf16"),
        ("past the end", "past the buffer's 64 bytes"),
        ("misaligned", "is not aligned to its 4-byte f32 elements"),
    ])
    func badOperandsAreRefused(_ kind: String, _ message: String) throws {
        let gm = GlobalMemory()
        let b = gm.register(Tensor(dtype: .f32, shape: [16]), name: "out")
        let view: GMView
        switch kind {
        case "1x2": view = GMView(b, offset: 0, rows: 1, cols: 2, rowStride: 2, .f32)
        case "bf16": view = GMView(b, offset: 0, rows: 1, cols: 1, rowStride: 1, .bf16)
        case "past the end": view = element(b, 16)
        default: view = GMView(b, offset: 2, rows: 1, cols: 1, rowStride: 1, .f32)
        }
        let error = #expect(throws: CoreFault.self) {
            try runCluster(gm: gm, aiv0: [{ c in c.scalarStore(view, 1, label: "st") }])
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains(message))
    }

    /// A scalar store cleaned after a TSTORE of the same bytes races with it unless the scalar unit waits for MTE3:
    /// the dcci's write-back may land before the DMA's.
    @Test(arguments: [false, true])
    func scalarStoreAfterDMAStoreNeedsAnEvent(wait: Bool) throws {
        let gm = GlobalMemory()
        let b = gm.register(Tensor(dtype: .f32, shape: [64]), name: "out")
        let checker = RaceChecker()
        try runCluster(gm: gm, aiv0: [{ c in
            var t = Tile(.ub, rows: 1, cols: 64, .f32)
            try c.tassign(&t, 0)
            c.texpands(t, 1, label: "fill")
            c.setFlag(.v, .mte3, 0)
            c.waitFlag(.v, .mte3, 0)
            c.tstore(GMView(b, offset: 0, rows: 1, cols: 64, rowStride: 64, .f32), t, label: "row")
            if wait {
                c.setFlag(.mte3, .s, 0)
                c.waitFlag(.mte3, .s, 0)
            }
            c.scalarStore(element(b, 5), 9, label: "marker")
            c.dcci(element(b, 5), label: "flush")
        }], sink: checker)
        let waw = checker.hazards.filter { $0.kind == .waw }
        if wait {
            #expect(checker.hazards.isEmpty)
        } else {
            #expect(waw.count == 1)
            #expect(waw.first?.first.label == "row" && waw.first?.second.label == "flush")
            #expect(waw.first?.offset == b.base + 20 && waw.first?.bytes == 4)
        }
    }

    /// The store costs one scalar issue slot; dcci one GM write latency; in the timed mode too the value reaches
    /// GM through the dcci.
    @Test func timingChargesAnIssueSlotAndAGMLatency() throws {
        let h = try TimedHarness()
        let b = h.f32Buffer([Float](repeating: 0, count: 16), name: "out")
        let r = try h.run(aiv0: [{ c in
            c.scalarStore(GMView(b, offset: 8, rows: 1, cols: 1, rowStride: 1, .f32), 6, label: "st")
            c.dcci(GMView(b, offset: 8, rows: 1, cols: 1, rowStride: 1, .f32), label: "flush")
        }])
        let st = try r.entry(core: 1, .scalarStore, "st"), flush = try r.entry(core: 1, .dcci, "flush")
        #expect(st.endCycles - st.startCycles == h.parameters.scalar.issueCycles.value)
        #expect(flush.endCycles - flush.startCycles == h.parameters.dma.l2HitLatencyCycles.value)
        #expect(flush.startCycles >= st.endCycles)
        #expect(r.clusters[0].gm.pointer(b.id).load(fromByteOffset: 8, as: Float.self) == 6)
    }
}
