import PTOCore
import PTORuntime

/// paged_attention's `aic_pv_matmul` (func_id 2, AIC): `oi_new = pij(M×K, bf16) · vj(K×N)` for one head tile and one
/// KV block, the two loads signalled on separate events. Tile shapes: the kernel's dispatch on (q_tile,
/// block_size): 16×16×16, 16×128×128, else 64×64×128 (M × K × N).
struct ExamplePAPVMatmul: CoreProgram {
    let pij: GMView, vj: GMView, oi: GMView
    let m: Int, k: Int, n: Int
    let syncs: SceneSyncIssuer
    var done = false

    /// Task arguments `(pij, vj, oi_new)`.
    init(_ block: BlockContext, _ gm: GMBinder, syncs: SceneSyncIssuer) {
        let p = block.tensor(0)
        (m, k, n) = p.shape[0] == 16 && p.shape[1] <= 16 ? (16, 16, 16) : (p.shape[0] == 16 ? (16, 128, 128) : (64, 64, 128))
        pij = gm.view(p, element: 0, rows: m, cols: k, rowStride: k, .bf16)
        vj = gm.view(block.tensor(1), element: 0, rows: k, cols: n, rowStride: n, .bf16)
        oi = gm.view(block.tensor(2), element: 0, rows: m, cols: n, rowStride: n, .f32)
        self.syncs = syncs
    }

    mutating func step(_ core: CoreIssuer) throws -> Bool {
        guard !done else { return false }
        done = true
        var aMat = Tile(.l1, rows: m, cols: k, .bf16), bMat = Tile(.l1, rows: k, cols: n, .bf16)
        var a = Tile(.l0a, rows: m, cols: k, .bf16), b = Tile(.l0b, rows: k, cols: n, .bf16)
        var c = Tile(.l0c, rows: m, cols: n, .f32)
        try core.tassign(&aMat, 0x0)
        try core.tassign(&bMat, 0x20000)
        try core.tassign(&a, 0x0)
        try core.tassign(&b, 0x0)
        try core.tassign(&c, 0x0)
        core.tload(aMat, pij, label: "aic.pv.tload-p")
        syncs.set(core, .mte2, .mte1, 0, "aic.pv.mte2-mte1.p")
        core.tload(bMat, vj, label: "aic.pv.tload-v")
        syncs.set(core, .mte2, .mte1, 1, "aic.pv.mte2-mte1.v")
        syncs.wait(core, .mte2, .mte1, 0, "aic.pv.mte2-mte1.p")
        core.tmov(a, aMat, label: "aic.pv.tmov-p")
        syncs.wait(core, .mte2, .mte1, 1, "aic.pv.mte2-mte1.v")
        core.tmov(b, bMat, label: "aic.pv.tmov-v")
        syncs.pair(core, .mte1, .m, 0, "aic.pv.mte1-m")
        core.tmatmul(c, a, b, label: "aic.pv.tmatmul")
        syncs.pair(core, .m, .fix, 0, "aic.pv.m-fix")
        core.tstore(oi, c, label: "aic.pv.tstore-oi")
        syncs.pipeSync(core, "aic.pv.pipe-sync")
        return true
    }
}
