import PTONumerics
import Testing
@testable import PTOCore

@Suite("SetValue (scalar writes into a tile)")
struct SetValueTests {
    /// Scalar writes land at their storage index (fp32 and bf16, nearest-even), the rest of the tile is untouched,
    /// and a TSTORE issued after them (behind a V→MTE3 event, as batch_paged_attention's empty block does) sees them.
    @Test func writesLandAtTheirIndexAndAreStored() throws {
        let gm = GlobalMemory()
        let outF = Tensor(dtype: .f32, shape: [1, 16]), outH = Tensor(dtype: .bf16, shape: [2, 16])
        let fBuf = gm.register(outF, name: "f"), hBuf = gm.register(outH, name: "h")
        let values: [Float] = (0..<16).map { Float($0) * 0.37 - 2 }
        try runCluster(gm: gm, aiv0: [{ core in
            var f = Tile(.ub, rows: 16, cols: 1, .f32, layout: .colMajor), h = Tile(.ub, rows: 2, cols: 16, .bf16)
            try core.tassign(&f, 0x0)
            try core.tassign(&h, 0x100)
            core.texpands(h, 7)
            core.pipeBarrier(.all)
            for i in 0..<16 { core.tsetValue(f, i, values[i]) }
            core.tsetValue(h, 17, 1.00390625)  // halfway between two bf16 values: rounds to even (1.0)
            core.tsetValue(h, 3, -1e30)
            core.setFlag(.v, .mte3, 0)
            core.waitFlag(.v, .mte3, 0)
            core.tstore(GMView(fBuf, offset: 0, rows: 1, cols: 16, rowStride: 16, .f32), f)
            core.tstore(GMView(hBuf, offset: 0, rows: 2, cols: 16, rowStride: 16, .bf16), h)
        }])
        for i in 0..<16 { #expect(outF.f32[i] == values[i]) }
        for i in 0..<32 {
            let expected: Float = i == 17 ? 1 : (i == 3 ? Float(bitPattern: UInt32(BFloat16.roundNearestEven(Float(-1e30).bitPattern)) << 16) : 7)
            #expect(outH.floatValue(at: i) == expected, "element \(i)")
        }
    }

    @Test func indexOutsideTheTileIsRejected() {
        let gm = GlobalMemory()
        #expect(throws: CoreFault.self) {
            try runCluster(gm: gm, aiv0: [{ core in
                var f = Tile(.ub, rows: 8, cols: 1, .f32, layout: .colMajor)
                try core.tassign(&f, 0x0)
                core.tsetValue(f, 8, 1)
            }])
        }
    }

    /// A scalar write is ordered after nothing the other pipes still have in flight: overwriting a tile that a
    /// TSTORE is still reading, with no sync between them, is a WAR hazard; PIPE_ALL in between removes it.
    @Test(arguments: [false, true])
    func writeAfterPendingStoreIsAHazardUnlessDrained(drained: Bool) throws {
        let gm = GlobalMemory()
        let out = Tensor(dtype: .f32, shape: [1, 8])
        let buf = gm.register(out, name: "o")
        let cluster = Cluster(index: 0, gm: gm)
        var aic = ScriptProgram(), aiv1 = ScriptProgram()
        var aiv0 = ScriptProgram([{ core in
            var f = Tile(.ub, rows: 8, cols: 1, .f32, layout: .colMajor)
            try core.tassign(&f, 0x0)
            core.texpands(f, 1)
            core.setFlag(.v, .mte3, 0)
            core.waitFlag(.v, .mte3, 0)
            core.tstore(GMView(buf, offset: 0, rows: 1, cols: 8, rowStride: 8, .f32), f)
            if drained { core.pipeBarrier(.all) }
            core.tsetValue(f, 0, 2)
        }])
        let report = try cluster.check(aic: &aic, aiv0: &aiv0, aiv1: &aiv1)
        #expect(report.hazards.isEmpty == drained)
    }
}
