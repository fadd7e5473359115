import PTOCore
import PTORuntime

/// paged_attention's `aic_qk_matmul` (func_id 0, AIC): `sij = qi(M×K) · kjᵀ(K×N)` for one head tile and one KV block,
/// both handed over as views (`kj` is the block's rows of the key cache, read through the DN layout). Tile shapes are
/// the kernel's dispatch on (q_tile, head_dim): 16×16×16, 16×128×128, else 64×128×64 (M × K × N).
struct ExamplePAQKMatmul: CoreProgram {
    let qi: GMView, kj: GMView, sij: GMView
    let m: Int, k: Int, n: Int
    let syncs: SceneSyncIssuer
    var done = false

    /// Task arguments `(qi, kj, sij)`.
    init(_ block: BlockContext, _ gm: GMBinder, syncs: SceneSyncIssuer) {
        let q = block.tensor(0)
        (m, k, n) = q.shape[0] == 16 && q.shape[1] <= 16 ? (16, 16, 16) : (q.shape[0] == 16 ? (16, 128, 128) : (64, 128, 64))
        qi = gm.view(q, element: 0, rows: m, cols: k, rowStride: k, .bf16)
        kj = gm.view(block.tensor(1), element: 0, rows: n, cols: k, rowStride: k, .bf16)
        sij = gm.view(block.tensor(2), element: 0, rows: m, cols: n, rowStride: n, .f32)
        self.syncs = syncs
    }

    mutating func step(_ core: CoreIssuer) throws -> Bool {
        guard !done else { return false }
        done = true
        var aMat = Tile(.l1, rows: m, cols: k, .bf16), bMat = Tile(.l1, rows: k, cols: n, .bf16, layout: .colMajor)
        var a = Tile(.l0a, rows: m, cols: k, .bf16), b = Tile(.l0b, rows: k, cols: n, .bf16, layout: .colMajor)
        var c = Tile(.l0c, rows: m, cols: n, .f32)
        try core.tassign(&aMat, 0x0)
        try core.tassign(&bMat, 0x20000)
        try core.tassign(&a, 0x0)
        try core.tassign(&b, 0x0)
        try core.tassign(&c, 0x0)
        core.tload(aMat, qi, label: "aic.qk.tload-q")
        syncs.set(core, .mte2, .mte1, 0, "aic.qk.mte2-mte1.q")
        core.tload(bMat, kj, label: "aic.qk.tload-k")
        syncs.set(core, .mte2, .mte1, 1, "aic.qk.mte2-mte1.k")
        syncs.wait(core, .mte2, .mte1, 0, "aic.qk.mte2-mte1.q")
        core.tmov(a, aMat, label: "aic.qk.tmov-q")
        syncs.wait(core, .mte2, .mte1, 1, "aic.qk.mte2-mte1.k")
        core.tmov(b, bMat, label: "aic.qk.tmov-k")
        syncs.pair(core, .mte1, .m, 0, "aic.qk.mte1-m")
        core.tmatmul(c, a, b, label: "aic.qk.tmatmul")
        syncs.pair(core, .m, .fix, 0, "aic.qk.m-fix")
        core.tstore(sij, c, label: "aic.qk.tstore-sij")
        syncs.pipeSync(core, "aic.qk.pipe-sync")
        return true
    }
}
