import PTONumerics
import Testing
@testable import PTOCore

/// The records are the seam every analysis reads: check what they say about a small program.
@Suite("Issue records")
struct IssueRecordTests {
    @Test func dataInstructionRecordsItsRangesAndPipe() throws {
        let gm = GlobalMemory()
        _ = gm.register(Tensor(dtype: .f32, shape: [16]), name: "padding")
        let src = gm.register(Tensor(dtype: .bf16, shape: [8, 32]), name: "k")
        let log = RecordLog()
        try runCluster(gm: gm, aic: [{ core in
            var t = Tile(.l1, rows: 4, cols: 32, .bf16)
            try core.tassign(&t, 0x400)
            core.tload(t, GMView(src, offset: 2 * 64, rows: 4, cols: 32, rowStride: 32, .bf16), label: "load K", detail: 3)
        }], sink: log)
        let r = try #require(log.records.first)
        #expect(log.records.count == 1)
        #expect(r.core == 0 && r.index == 0 && r.pipe == .mte2 && r.op == .tload && r.labelText == "load K[3]")
        #expect(r.reads == [MemoryRange(space: .gm, offset: src.base + 128, bytes: 256)])
        #expect(r.writes == [MemoryRange(space: .l1, offset: 0x400, bytes: 256)])
        #expect(r.event == .none)
    }

    /// TPUSH on the AIC expands into the a2a3 sequence: [credit wait on S] · FIX store · FIX cross-core set.
    @Test func tpushExpandsIntoWaitStoreAndSignal() throws {
        let gm = GlobalMemory()
        let ring = gm.allocate(bytes: 2 * 256, name: "ring")
        let log = RecordLog()
        var pipe = TPipe(flag: 4, direction: .c2v, slotSize: 256, gm: ring, gmOffset: 0, localBase: 0)
        #expect(throws: CoreFault.self) {
            try runCluster(gm: gm, aic: [{ core in
                var acc = Tile(.l0c, rows: 2, cols: 32, .f32)
                try core.tassign(&acc, 0)
                for _ in 0..<3 { core.tpush(&pipe, acc, split: .upDown, label: "push oi") }
            }], sink: log)
        }
        // Pushes 0 and 1 need no credit; push 2 waits on flag 5, which nobody frees: a deadlock after two pushes.
        #expect(log.records.map(\.op) == [.tpushData, .tpushSignal, .tpushData, .tpushSignal])
        #expect(log.records.map(\.pipe) == [.fix, .fix, .fix, .fix])
        #expect(log.records[1].event == .crossSet(flag: 4, targets: CoreSet([1, 2])))
        #expect(log.records[2].writes == [MemoryRange(space: .gm, offset: ring.base + 256, bytes: 256)])
        #expect(pipe.producerTileId == 3)
    }

    /// Scalar-unit records advance the scalar epoch; other records carry the epoch they were issued under.
    @Test func scalarEpochCountsScalarInstructions() throws {
        let gm = GlobalMemory()
        let log = RecordLog()
        try runCluster(gm: gm, aic: [{ core in
            core.setFlag(.mte2, .s, 0)        // MTE2, epoch 0
            core.waitFlag(.mte2, .s, 0)       // S, epoch 0 -> 1
            core.setFlag(.s, .mte1, 1)        // S, epoch 1 -> 2
            core.waitFlag(.s, .mte1, 1)       // MTE1, epoch 2
            core.pipeBarrier(.all)            // S, epoch 2 -> 3
        }], sink: log)
        #expect(log.records.map(\.pipe) == [.mte2, .s, .s, .mte1, .s])
        #expect(log.records.map(\.scalarEpoch) == [0, 0, 1, 2, 2])
        #expect(log.records.map(\.index) == [0, 1, 2, 3, 4])
    }
}
