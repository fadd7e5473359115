import PTONumerics
import Testing
@testable import PTOCore

@Suite("TLOAD, TSTORE, TMOV and TMATMUL")
struct DataMovementTests {
    /// TLOAD of a strided GM window into UB then TSTORE to a dense output: every element lands where the view says.
    @Test func loadAndStoreThroughUB() throws {
        let gm = GlobalMemory()
        var rng = TestRandom(seed: 1)
        let src = TestTensors.f32(rng.floats(6 * 10), shape: [6, 10])
        let out = Tensor(dtype: .f32, shape: [4, 8])
        let srcBuf = gm.register(src, name: "src"), outBuf = gm.register(out, name: "out")
        try runCluster(gm: gm, aiv0: [{ core in
            var tile = Tile(.ub, rows: 4, cols: 8, .f32)
            try core.tassign(&tile, 0x100)
            // rows 1..4, cols 2..9 of the 6x10 source
            core.tload(tile, GMView(srcBuf, offset: (1 * 10 + 2) * 4, rows: 4, cols: 8, rowStride: 10, .f32))
            core.setFlag(.mte2, .mte3, 0)
            core.waitFlag(.mte2, .mte3, 0)
            core.tstore(GMView(outBuf, offset: 0, rows: 4, cols: 8, rowStride: 8, .f32), tile)
        }])
        for r in 0..<4 {
            for c in 0..<8 { #expect(out.f32[r * 8 + c] == src.f32[(r + 1) * 10 + c + 2]) }
        }
    }

    /// A colMajor tile takes one view row per tile column (the DN layout of K): bytes equal the GM block.
    @Test func colMajorLoadIsAStraightCopy() throws {
        let gm = GlobalMemory()
        var rng = TestRandom(seed: 2)
        let (key, _) = TestTensors.bf16(rng.floats(4 * 32), shape: [4, 32])  // N=4 rows of head dim 32
        let keyBuf = gm.register(key, name: "key")
        let cluster = try runCluster(gm: gm, aic: [{ core in
            var k = Tile(.l1, rows: 32, cols: 4, .bf16, layout: .colMajor)  // logical K x N
            try core.tassign(&k, 0x40)
            core.tload(k, GMView(keyBuf, offset: 0, rows: 4, cols: 32, rowStride: 32, .bf16))
        }])
        let bytes = cluster.scratchpadBytes(core: 0, .l1, offset: 0x40, count: 4 * 32 * 2)
        let expected = (0..<(4 * 32)).flatMap { i -> [UInt8] in
            let b = key.bf16[i]
            return [UInt8(b & 0xFF), UInt8(b >> 8)]
        }
        #expect(bytes == expected)
    }

    /// Q·Kᵀ the way the kernel's QK step does it: Q rowMajor in L1, K as a DN colMajor tile, TMOV to L0A/L0B,
    /// TMATMUL, TSTORE from L0C on FIX. Compared with a double-precision dot product of the bf16 values.
    @Test(arguments: [(16, 128, 64), (5, 32, 7)])
    func qkMatmulMatchesReference(shape: (Int, Int, Int)) throws {
        let (m, k, n) = shape
        let gm = GlobalMemory()
        var rng = TestRandom(seed: UInt64(m * 1000 + n))
        let (q, qv) = TestTensors.bf16(rng.floats(m * k), shape: [m, k])
        let (key, kv) = TestTensors.bf16(rng.floats(n * k), shape: [n, k])
        let out = Tensor(dtype: .f32, shape: [m, n])
        let qBuf = gm.register(q, name: "q"), kBuf = gm.register(key, name: "k"), oBuf = gm.register(out, name: "o")
        try runCluster(gm: gm, aic: [{ core in
            var qMat = Tile(.l1, rows: m, cols: k, .bf16), kMat = Tile(.l1, rows: k, cols: n, .bf16, layout: .colMajor)
            var a = Tile(.l0a, rows: m, cols: k, .bf16), b = Tile(.l0b, rows: k, cols: n, .bf16)
            var c = Tile(.l0c, rows: m, cols: n, .f32)
            try core.tassign(&qMat, 0)
            try core.tassign(&kMat, 0x20000)
            try core.tassign(&a, 0)
            try core.tassign(&b, 0)
            try core.tassign(&c, 0)
            core.tload(qMat, GMView(qBuf, offset: 0, rows: m, cols: k, rowStride: k, .bf16))
            core.tload(kMat, GMView(kBuf, offset: 0, rows: n, cols: k, rowStride: k, .bf16))
            core.setFlag(.mte2, .mte1, 0)
            core.waitFlag(.mte2, .mte1, 0)
            core.tmov(a, qMat)
            core.tmov(b, kMat)
            core.setFlag(.mte1, .m, 0)
            core.waitFlag(.mte1, .m, 0)
            core.tmatmul(c, a, b)
            core.setFlag(.m, .fix, 0)
            core.waitFlag(.m, .fix, 0)
            core.tstore(GMView(oBuf, offset: 0, rows: m, cols: n, rowStride: n, .f32), c)
        }])
        for i in 0..<m {
            for j in 0..<n {
                var dot = 0.0
                for p in 0..<k { dot += Double(qv[i * k + p]) * Double(kv[j * k + p]) }
                let got = Double(out.f32[i * n + j])
                #expect(abs(got - dot) <= 1e-5 * max(1, abs(dot)), "C[\(i)][\(j)] = \(got), reference \(dot)")
            }
        }
    }

    /// TMATMUL_ACC adds into L0C.
    @Test func matmulAccumulates() throws {
        let gm = GlobalMemory()
        let (a, _) = TestTensors.bf16([1, 2, 3, 4], shape: [2, 2])
        let (b, _) = TestTensors.bf16([1, 0, 0, 1], shape: [2, 2])
        let out = Tensor(dtype: .f32, shape: [2, 2])
        let aBuf = gm.register(a, name: "a"), bBuf = gm.register(b, name: "b"), oBuf = gm.register(out, name: "o")
        try runCluster(gm: gm, aic: [{ core in
            var aMat = Tile(.l1, rows: 2, cols: 2, .bf16), bMat = Tile(.l1, rows: 2, cols: 2, .bf16)
            var l0a = Tile(.l0a, rows: 2, cols: 2, .bf16), l0b = Tile(.l0b, rows: 2, cols: 2, .bf16)
            var c = Tile(.l0c, rows: 2, cols: 2, .f32)
            try core.tassign(&aMat, 0); try core.tassign(&bMat, 64)
            try core.tassign(&l0a, 0); try core.tassign(&l0b, 0); try core.tassign(&c, 0)
            core.tload(aMat, GMView(aBuf, offset: 0, rows: 2, cols: 2, rowStride: 2, .bf16))
            core.tload(bMat, GMView(bBuf, offset: 0, rows: 2, cols: 2, rowStride: 2, .bf16))
            core.pipeBarrier(.all)
            core.tmov(l0a, aMat); core.tmov(l0b, bMat)
            core.pipeBarrier(.all)
            core.tmatmul(c, l0a, l0b)
            core.tmatmulAcc(c, l0a, l0b)
            core.pipeBarrier(.all)
            core.tstore(GMView(oBuf, offset: 0, rows: 2, cols: 2, rowStride: 2, .f32), c)
            core.pipeBarrier(.all)
        }])
        #expect(TestTensors.floats(out) == [2, 4, 6, 8])
    }

    /// TMOV keeps the L0B byte image exact: a rowMajor L0B tile from a colMajor L1 tile holds the transpose.
    @Test func tmovTransposesIntoRowMajorL0B() throws {
        let gm = GlobalMemory()
        let (src, _) = TestTensors.bf16((0..<6).map(Float.init), shape: [2, 3])  // view rows = tile columns
        let buf = gm.register(src, name: "src")
        let cluster = try runCluster(gm: gm, aic: [{ core in
            var l1 = Tile(.l1, rows: 3, cols: 2, .bf16, layout: .colMajor)
            var l0b = Tile(.l0b, rows: 3, cols: 2, .bf16)
            try core.tassign(&l1, 0); try core.tassign(&l0b, 32)
            core.tload(l1, GMView(buf, offset: 0, rows: 2, cols: 3, rowStride: 3, .bf16))
            core.pipeBarrier(.all)
            core.tmov(l0b, l1)
            core.pipeBarrier(.all)
        }])
        let bytes = cluster.scratchpadBytes(core: 0, .l0b, offset: 32, count: 12)
        let values = stride(from: 0, to: 12, by: 2).map { BFloat16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8).float }
        // logical (r, c) of the 3x2 tile is GM element (c, r) of the 2x3 block
        #expect(values == [0, 3, 1, 4, 2, 5])
    }
}
