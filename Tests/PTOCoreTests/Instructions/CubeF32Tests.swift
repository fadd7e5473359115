import PTONumerics
import Testing
@testable import PTOCore

/// The cube with fp32 operands: TLOAD fp32 into L1, TMOV to L0A/L0B, TMATMUL, TSTORE from L0C on FIX — the path of a
/// `TileLeft<float>` · `TileRight<float>` kernel.
@Suite("TMATMUL with fp32 operands")
struct CubeF32Tests {
    /// The instruction sequence of one fp32 tile product C = A · B (A m×k, B k×n, all row-major in GM), with the
    /// kernel's three event pairs; `bLayout` chooses how B sits in L1 (colMajor: loaded from Bᵀ stored n×k).
    static func product(_ core: CoreIssuer, m: Int, k: Int, n: Int, a: GMBuffer, b: GMBuffer, c: GMBuffer,
                        bLayout: TileLayout = .rowMajor) throws {
        var aMat = Tile(.l1, rows: m, cols: k, .f32), bMat = Tile(.l1, rows: k, cols: n, .f32, layout: bLayout)
        var left = Tile(.l0a, rows: m, cols: k, .f32), right = Tile(.l0b, rows: k, cols: n, .f32)
        var acc = Tile(.l0c, rows: m, cols: n, .f32)
        try core.tassign(&aMat, 0)
        try core.tassign(&bMat, 0x20000)
        try core.tassign(&left, 0)
        try core.tassign(&right, 0)
        try core.tassign(&acc, 0)
        core.tload(aMat, GMView(a, offset: 0, rows: m, cols: k, rowStride: k, .f32), label: "tload-a")
        let bView = bLayout == .rowMajor ? GMView(b, offset: 0, rows: k, cols: n, rowStride: n, .f32)
            : GMView(b, offset: 0, rows: n, cols: k, rowStride: k, .f32)
        core.tload(bMat, bView, label: "tload-b")
        core.setFlag(.mte2, .mte1, 0)
        core.waitFlag(.mte2, .mte1, 0)
        core.tmov(left, aMat, label: "tmov-a")
        core.tmov(right, bMat, label: "tmov-b")
        core.setFlag(.mte1, .m, 0)
        core.waitFlag(.mte1, .m, 0)
        core.tmatmul(acc, left, right, label: "tmatmul")
        core.setFlag(.m, .fix, 0)
        core.waitFlag(.m, .fix, 0)
        core.tstore(GMView(c, offset: 0, rows: m, cols: n, rowStride: n, .f32), acc, label: "tstore-c")
        core.setFlag(.fix, .s, 7)
        core.waitFlag(.fix, .s, 7)
    }

    /// The result equals a plain double-precision triple loop to fp32 accuracy, and the BLAS call the cube makes on
    /// the same values bit for bit.
    @Test(arguments: [(128, 128, 128), (16, 24, 40), (5, 8, 3)])
    func productMatchesPlainReferenceAndBLASExactly(shape: (Int, Int, Int)) throws {
        let (m, k, n) = shape
        // One BLAS thread, as the runtime runs the cube: OpenBLAS may round a call split over threads differently.
        Matmul.setBLASThreads(1)
        let gm = GlobalMemory()
        var rng = TestRandom(seed: UInt64(m * 7919 + k * 31 + n))
        let av = rng.floats(m * k), bv = rng.floats(k * n)
        let a = TestTensors.f32(av, shape: [m, k]), b = TestTensors.f32(bv, shape: [k, n])
        let c = Tensor(dtype: .f32, shape: [m, n])
        let aBuf = gm.register(a, name: "a"), bBuf = gm.register(b, name: "b"), cBuf = gm.register(c, name: "c")
        try runCluster(gm: gm, aic: [{ core in try Self.product(core, m: m, k: k, n: n, a: aBuf, b: bBuf, c: cBuf) }])
        var blas = [Float](repeating: .nan, count: m * n)
        Matmul.gemm(m: m, n: n, k: k, a: av, lda: k, b: bv, ldb: n, c: &blas, ldc: n)
        for i in 0..<m {
            for j in 0..<n {
                var dot = 0.0, magnitude = 0.0
                for p in 0..<k {
                    dot += Double(av[i * k + p]) * Double(bv[p * n + j])
                    magnitude += abs(Double(av[i * k + p]) * Double(bv[p * n + j]))
                }
                let got = c.f32[i * n + j]
                #expect(abs(Double(got) - dot) <= 1e-5 * max(1, magnitude), "C[\(i)][\(j)] = \(got), reference \(dot)")
                #expect(got.bitPattern == blas[i * n + j].bitPattern, "C[\(i)][\(j)] differs from BLAS")
            }
        }
    }

    /// A colMajor fp32 L1 tile (B loaded from its transpose) moves into a rowMajor L0B tile transposed, and the
    /// product is the same.
    @Test func transposingMoveGivesTheSameProduct() throws {
        let (m, k, n) = (8, 16, 24)
        let gm = GlobalMemory()
        var rng = TestRandom(seed: 99)
        let av = rng.floats(m * k), bv = rng.floats(k * n)
        var bt = [Float](repeating: 0, count: n * k)
        for p in 0..<k { for j in 0..<n { bt[j * k + p] = bv[p * n + j] } }
        let a = TestTensors.f32(av, shape: [m, k]), b = TestTensors.f32(bt, shape: [n, k])
        let c = Tensor(dtype: .f32, shape: [m, n])
        let aBuf = gm.register(a, name: "a"), bBuf = gm.register(b, name: "bt"), cBuf = gm.register(c, name: "c")
        Matmul.setBLASThreads(1)
        let cluster = try runCluster(gm: gm, aic: [{ core in
            try Self.product(core, m: m, k: k, n: n, a: aBuf, b: bBuf, c: cBuf, bLayout: .colMajor)
        }])
        // L0B holds B row-major: its bytes are the fp32 values of B in order.
        let bytes = cluster.scratchpadBytes(core: 0, .l0b, offset: 0, count: k * n * 4)
        let l0b = (0..<(k * n)).map { i in
            Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[4 * i + $1]) << (8 * $1) })
        }
        #expect(l0b == bv)
        var blas = [Float](repeating: .nan, count: m * n)
        Matmul.gemm(m: m, n: n, k: k, a: av, lda: k, b: bv, ldb: n, c: &blas, ldc: n)
        #expect(TestTensors.floats(c) == blas)
    }

    /// The records say what the DMA and the cube touched: 4 bytes per element everywhere, TMATMUL tagged fp32.
    @Test func recordsCarryFp32ByteRanges() throws {
        let (m, k, n) = (16, 32, 8)
        let gm = GlobalMemory()
        let a = Tensor(dtype: .f32, shape: [m, k]), b = Tensor(dtype: .f32, shape: [k, n])
        let c = Tensor(dtype: .f32, shape: [m, n])
        let aBuf = gm.register(a, name: "a"), bBuf = gm.register(b, name: "b"), cBuf = gm.register(c, name: "c")
        let log = RecordLog()
        try runCluster(gm: gm, aic: [{ core in try Self.product(core, m: m, k: k, n: n, a: aBuf, b: bBuf, c: cBuf) }],
                       sink: log)
        func record(_ label: String) throws -> IssueRecord {
            try #require(log.records.first { $0.label.description == label })
        }
        let loadA = try record("tload-a"), moveB = try record("tmov-b"), mm = try record("tmatmul")
        let store = try record("tstore-c")
        #expect(loadA.pipe == .mte2)
        #expect(loadA.reads == [MemoryRange(space: .gm, offset: aBuf.base, bytes: m * k * 4)])
        #expect(loadA.writes == [MemoryRange(space: .l1, offset: 0, bytes: m * k * 4)])
        #expect(moveB.pipe == .mte1)
        #expect(moveB.reads == [MemoryRange(space: .l1, offset: 0x20000, bytes: k * n * 4)])
        #expect(moveB.writes == [MemoryRange(space: .l0b, offset: 0, bytes: k * n * 4)])
        #expect(mm.pipe == .m && mm.operandType == .f32)
        #expect(mm.reads == [MemoryRange(space: .l0a, offset: 0, bytes: m * k * 4),
                             MemoryRange(space: .l0b, offset: 0, bytes: k * n * 4)])
        #expect(mm.writes == [MemoryRange(space: .l0c, offset: 0, bytes: m * n * 4)])
        #expect(store.pipe == .fix)
        #expect(store.writes == [MemoryRange(space: .gm, offset: cBuf.base, bytes: m * n * 4)])
        #expect(loadA.operandType == nil)
    }

    /// The cube's two operands share one element type, in TMOV and in TMATMUL.
    @Test func mixedOperandTypesAreRejected() {
        func error(_ body: @escaping (CoreIssuer) throws -> Void) -> String {
            do {
                try runCluster(gm: GlobalMemory(), aic: [body])
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let mm = error { core in
            var a = Tile(.l0a, rows: 16, cols: 16, .f32), b = Tile(.l0b, rows: 16, cols: 16, .bf16)
            var c = Tile(.l0c, rows: 16, cols: 16, .f32)
            try core.tassign(&a, 0); try core.tassign(&b, 0); try core.tassign(&c, 0)
            core.tmatmul(c, a, b, label: "mm")
        }
        #expect(mm == "aic: TMATMUL 'mm': A is f32 but B is bf16; the cube's operands share one element type")
        let mov = error { core in
            var src = Tile(.l1, rows: 16, cols: 16, .bf16), dst = Tile(.l0a, rows: 16, cols: 16, .f32)
            try core.tassign(&src, 0); try core.tassign(&dst, 0)
            core.tmov(dst, src, label: "mov")
        }
        #expect(mov == "aic: TMOV 'mov': src is bf16 but dst is f32; the cube's operands share one element type")
        let acc = error { core in
            var a = Tile(.l0a, rows: 16, cols: 16, .f32), b = Tile(.l0b, rows: 16, cols: 16, .f32)
            var c = Tile(.l0c, rows: 16, cols: 16, .bf16)
            try core.tassign(&a, 0); try core.tassign(&b, 0); try core.tassign(&c, 0)
            core.tmatmul(c, a, b, label: "mm")
        }
        #expect(acc.contains("C tile L0C bf16 16x16 rowMajor @0x0: expected f32 elements"))
    }

    /// The timed chip applies the same effects at their modeled times: the fp32 product lands in GM unchanged.
    @Test func timedRunProducesTheSameProduct() throws {
        let (m, k, n) = (32, 64, 16)
        let h = try TimedHarness()
        var rng = TestRandom(seed: 4)
        let av = rng.floats(m * k), bv = rng.floats(k * n)
        let aBuf = h.f32Buffer(av, name: "a"), bBuf = h.f32Buffer(bv, name: "b")
        let c = Tensor(dtype: .f32, shape: [m * n])
        Matmul.setBLASThreads(1)
        let cBuf = h.gm.register(c, name: "c")
        _ = try h.run(aic: [{ core in try Self.product(core, m: m, k: k, n: n, a: aBuf, b: bBuf, c: cBuf) }])
        var blas = [Float](repeating: .nan, count: m * n)
        Matmul.gemm(m: m, n: n, k: k, a: av, lda: k, b: bv, ldb: n, c: &blas, ldc: n)
        #expect(TestTensors.floats(c) == blas)
    }

    /// fp32 on the cube costs 2 cycles per 16×8×16 fractal (four times bf16 per multiply-add), plus the head.
    @Test func fp32ProductCostsTwoCyclesPerHalfDepthFractal() throws {
        let h = try TimedHarness()
        let r = try h.run(aic: [{ c in
            c.tmatmul(TimedHarness.tile(.l0c, 128, 128, .f32, at: 0), TimedHarness.tile(.l0a, 128, 128, .f32, at: 0),
                      TimedHarness.tile(.l0b, 128, 128, .f32, at: 0), label: "f32")
            c.tmatmul(TimedHarness.tile(.l0c, 128, 128, .f32, at: 0), TimedHarness.tile(.l0a, 128, 128, .bf16, at: 0),
                      TimedHarness.tile(.l0b, 128, 128, .bf16, at: 0), label: "bf16")
        }], effects: false)
        let f32 = try r.entry(core: 0, .tmatmul, "f32"), bf16 = try r.entry(core: 0, .tmatmul, "bf16")
        // 128³ fp32: 8 · 16 · 8 fractals of 16×8×16 at 2 cycles, + 6; bf16: 8 · 8 · 8 fractals at 1 cycle, + 6.
        #expect(f32.endCycles - f32.startCycles == 6 + 2 * 8 * 16 * 8)
        #expect(bf16.endCycles - bf16.startCycles == 6 + 8 * 8 * 8)
        #expect(CostModel.matmulShape(a: 64 * 32 * 4, b: 32 * 16 * 4, c: 64 * 16 * 4, operandSize: 4) == (64, 32, 16))
    }
}
