import PTOCore

/// One cube matmul `C (M×N, fp32) = A (M×K, bf16) · B (K×N, bf16)` through single-buffered tiles, as simpler's
/// four-kernel paged-attention AIC kernels (`aic_qk_matmul`, `aic_pv_matmul` of `paged_attention` and
/// `batch_paged_attention`) issue it: A and B TASSIGNed in L1 at 0x0 and 0x20000, L0A, L0B and L0C each at 0x0.
///
/// `issue` is the step with a separate MTE2→MTE1 event per operand: TLOAD A, set event 0; TLOAD B, set event 1;
/// wait 0, TMOV A to L0A; wait 1, TMOV B to L0B; MTE1→M; TMATMUL; M→FIX; TSTORE C. What comes after (a PIPE_ALL
/// barrier before the next iteration, the exit drain) and kernels that signal both loads on one event stay with
/// their kernel.
struct SingleBufferedCubeMatmul {
    /// The stable labels of one kernel's instructions and syncs (its `--drop-sync` names among them).
    struct Labels: Sendable {
        let loadA: StaticString, aLoaded: StaticString, loadB: StaticString, bLoaded: StaticString
        let moveA: StaticString, moveB: StaticString, moved: StaticString
        let matmul: StaticString, multiplied: StaticString, store: StaticString
    }

    /// L1 images of A and B, their L0A / L0B tiles and the L0C accumulator.
    let aMat: Tile, bMat: Tile, a: Tile, b: Tile, c: Tile

    /// TASSIGNs the five tiles for an M × K × N product; `bLayout` is B's layout in L1 and L0B (column-major when B
    /// is a transposed K block read through the DN layout).
    init(_ core: CoreIssuer, m: Int, k: Int, n: Int, bLayout: TileLayout = .rowMajor) throws {
        var aMat = Tile(.l1, rows: m, cols: k, .bf16), bMat = Tile(.l1, rows: k, cols: n, .bf16, layout: bLayout)
        var a = Tile(.l0a, rows: m, cols: k, .bf16), b = Tile(.l0b, rows: k, cols: n, .bf16, layout: bLayout)
        var c = Tile(.l0c, rows: m, cols: n, .f32)
        try core.tassign(&aMat, 0x0)
        try core.tassign(&bMat, 0x20000)
        try core.tassign(&a, 0x0)
        try core.tassign(&b, 0x0)
        try core.tassign(&c, 0x0)
        (self.aMat, self.bMat, self.a, self.b, self.c) = (aMat, bMat, a, b, c)
    }

    /// Issues `c = a · b` from GM to GM with the two loads signalled on events 0 and 1.
    func issue(_ core: CoreIssuer, a gmA: GMView, b gmB: GMView, c gmC: GMView,
               _ l: Labels, detail: Int = -1) {
        core.tload(aMat, gmA, label: l.loadA, detail: detail)
        core.setFlag(.mte2, .mte1, 0, label: l.aLoaded, detail: detail)
        core.tload(bMat, gmB, label: l.loadB, detail: detail)
        core.setFlag(.mte2, .mte1, 1, label: l.bLoaded, detail: detail)
        core.waitFlag(.mte2, .mte1, 0, label: l.aLoaded, detail: detail)
        core.tmov(a, aMat, label: l.moveA, detail: detail)
        core.waitFlag(.mte2, .mte1, 1, label: l.bLoaded, detail: detail)
        core.tmov(b, bMat, label: l.moveB, detail: detail)
        core.setWaitFlag(.mte1, .m, 0, label: l.moved, detail: detail)
        core.tmatmul(c, a, b, label: l.matmul, detail: detail)
        core.setWaitFlag(.m, .fix, 0, label: l.multiplied, detail: detail)
        core.tstore(gmC, c, label: l.store, detail: detail)
    }
}

extension SingleBufferedCubeMatmul.Labels {
    /// `aic_qk_matmul`'s: `sij = q · Kᵀ`.
    static let qk = Self(loadA: "aic.qk.tload-q", aLoaded: "aic.qk.mte2-mte1.q", loadB: "aic.qk.tload-k",
                         bLoaded: "aic.qk.mte2-mte1.k", moveA: "aic.qk.tmov-q", moveB: "aic.qk.tmov-k",
                         moved: "aic.qk.mte1-m", matmul: "aic.qk.tmatmul", multiplied: "aic.qk.m-fix",
                         store: "aic.qk.tstore-sij")
    /// `aic_pv_matmul`'s (where it signals P and V separately): `oi_new = p · V`.
    static let pv = Self(loadA: "aic.pv.tload-p", aLoaded: "aic.pv.mte2-mte1.p", loadB: "aic.pv.tload-v",
                         bLoaded: "aic.pv.mte2-mte1.v", moveA: "aic.pv.tmov-p", moveB: "aic.pv.tmov-v",
                         moved: "aic.pv.mte1-m", matmul: "aic.pv.tmatmul", multiplied: "aic.pv.m-fix",
                         store: "aic.pv.tstore-oi")
}
