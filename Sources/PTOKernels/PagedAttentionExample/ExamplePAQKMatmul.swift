import PTOCore
import PTORuntime

/// paged_attention's `aic_qk_matmul` (func_id 0, AIC): `sij = qi(M×K) · kjᵀ(K×N)` for one head tile and one KV block,
/// both handed over as views (`kj` is the block's rows of the key cache, read through the DN layout). Tile shapes are
/// the kernel's dispatch on (q_tile, head_dim): 16×16×16, 16×128×128, else 64×128×64 (M × K × N).
struct ExamplePAQKMatmul: CoreProgram {
    let qi: GMView, kj: GMView, sij: GMView
    let m: Int, k: Int, n: Int
    var done = false

    /// Task arguments `(qi, kj, sij)`.
    init(_ block: BlockContext, _ gm: GMBinder) {
        let q = block.tensor(0)
        (m, k, n) = q.shape[0] == 16 && q.shape[1] <= 16 ? (16, 16, 16) : (q.shape[0] == 16 ? (16, 128, 128) : (64, 128, 64))
        qi = gm.view(q, element: 0, rows: m, cols: k, rowStride: k, .bf16)
        kj = gm.view(block.tensor(1), element: 0, rows: n, cols: k, rowStride: k, .bf16)
        sij = gm.view(block.tensor(2), element: 0, rows: m, cols: n, rowStride: n, .f32)
    }

    mutating func step(_ core: CoreIssuer) throws -> Bool {
        guard !done else { return false }
        done = true
        try SingleBufferedCubeMatmul(core, m: m, k: k, n: n, bLayout: .colMajor)
            .issue(core, a: qi, b: kj, c: sij, .qk)
        core.pipeSync(label: "aic.qk.pipe-sync")
        return true
    }
}
