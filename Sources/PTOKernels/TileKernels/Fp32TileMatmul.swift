import PTOCore

/// The AIC program of simpler's square fp32 tile GEMM kernels (`kernel_matmul.cpp` of alternating_matmul_add and
/// `kernel_gemm_tile.cpp` of benchmark_bgemm, which issue the same sequence): for each of `tiles` consecutive tiles,
/// C = A · B with every operand `tile × tile` fp32.
///
/// Per tile, as the kernel's `matmul_impl` / `gemm_tile_impl`: the Mat tiles A at L1 0x0 and B at L1 0x20000, the
/// Left, Right and Acc tiles all at 0x0 of L0A, L0B and L0C (static shapes padded to the cube's 16-row / 32-byte
/// alignment, valid region `tile × tile`); TLOAD A, TLOAD B; MTE2→MTE1 event 0; TMOV A→L0A, TMOV B→L0B; MTE1→M event 0;
/// TMATMUL; M→FIX event 0; TSTORE C from L0C (FIX); then `pipe_sync()`, FIX→S event 7, so the store has landed
/// before the next tile (or the next task) starts. PTOSim keeps Mat tiles in plain row-major order where the kernel
/// declares the NZ fractal layout (see `TileLayout`). `step` issues one tile.
public struct Fp32TileMatmul: CoreProgram {
    let a: GMTileRun, b: GMTileRun, c: GMTileRun
    let tiles: Int
    var next = 0

    /// `tiles` products C[t] = A[t] · B[t] over the three runs (which share one tile edge).
    public init(a: GMTileRun, b: GMTileRun, c: GMTileRun, tiles: Int) {
        self.a = a
        self.b = b
        self.c = c
        self.tiles = tiles
    }

    /// L1 address of the A and B Mat tiles (the kernel's TASSIGNs).
    public static let aL1Address = 0x0, bL1Address = 0x20000

    public mutating func step(_ core: CoreIssuer) throws -> Bool {
        guard next < tiles else { return false }
        let t = next, edge = a.tile
        // M = CeilAlign(TILE, 16); K = N = CeilAlign(TILE, 32 bytes / 4).
        let m = (edge + 15) / 16 * 16, k = (edge + 7) / 8 * 8, n = k
        func placed(_ space: Space, _ rows: Int, _ cols: Int, at address: Int) throws -> Tile {
            var x = Tile(space, rows: rows, cols: cols, .f32, validRows: edge, validCols: edge)
            try core.tassign(&x, address)
            return x
        }
        let aMat = try placed(.l1, m, k, at: Self.aL1Address), bMat = try placed(.l1, k, n, at: Self.bL1Address)
        let left = try placed(.l0a, m, k, at: 0), right = try placed(.l0b, k, n, at: 0)
        let acc = try placed(.l0c, m, n, at: 0)

        core.tload(aMat, a.view(t), label: "aic.tile-matmul.tload-a", detail: t)
        core.tload(bMat, b.view(t), label: "aic.tile-matmul.tload-b", detail: t)
        core.setFlag(.mte2, .mte1, 0, label: "aic.tile-matmul.mte2-mte1", detail: t)
        core.waitFlag(.mte2, .mte1, 0, label: "aic.tile-matmul.mte2-mte1", detail: t)
        core.tmov(left, aMat, label: "aic.tile-matmul.tmov-a", detail: t)
        core.tmov(right, bMat, label: "aic.tile-matmul.tmov-b", detail: t)
        core.setFlag(.mte1, .m, 0, label: "aic.tile-matmul.mte1-m", detail: t)
        core.waitFlag(.mte1, .m, 0, label: "aic.tile-matmul.mte1-m", detail: t)
        core.tmatmul(acc, left, right, label: "aic.tile-matmul.tmatmul", detail: t)
        core.setFlag(.m, .fix, 0, label: "aic.tile-matmul.m-fix", detail: t)
        core.waitFlag(.m, .fix, 0, label: "aic.tile-matmul.m-fix", detail: t)
        core.tstore(c.view(t), acc, label: "aic.tile-matmul.tstore-c", detail: t)
        core.pipeSync(label: "aic.tile-matmul.pipe-sync", detail: t)
        next += 1
        return true
    }
}
