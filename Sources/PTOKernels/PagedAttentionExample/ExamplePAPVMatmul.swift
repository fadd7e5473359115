import PTOCore
import PTORuntime

/// paged_attention's `aic_pv_matmul` (func_id 2, AIC): `oi_new = pij(M×K, bf16) · vj(K×N)` for one head tile and one
/// KV block, the two loads signalled on separate events. Tile shapes: the kernel's dispatch on (q_tile,
/// block_size): 16×16×16, 16×128×128, else 64×64×128 (M × K × N).
struct ExamplePAPVMatmul: CoreProgram {
    let pij: GMView, vj: GMView, oi: GMView
    let m: Int, k: Int, n: Int
    var done = false

    /// Task arguments `(pij, vj, oi_new)`.
    init(_ block: BlockContext, _ gm: GMBinder) {
        let p = block.tensor(0)
        (m, k, n) = p.shape[0] == 16 && p.shape[1] <= 16 ? (16, 16, 16) : (p.shape[0] == 16 ? (16, 128, 128) : (64, 64, 128))
        pij = gm.view(p, element: 0, rows: m, cols: k, rowStride: k, .bf16)
        vj = gm.view(block.tensor(1), element: 0, rows: k, cols: n, rowStride: n, .bf16)
        oi = gm.view(block.tensor(2), element: 0, rows: m, cols: n, rowStride: n, .f32)
    }

    mutating func step(_ core: CoreIssuer) throws -> Bool {
        guard !done else { return false }
        done = true
        try SingleBufferedCubeMatmul(core, m: m, k: k, n: n).issue(core, a: pij, b: vj, c: oi, .pv)
        core.pipeSync(label: "aic.pv.pipe-sync")
        return true
    }
}
