import PTONumerics
import PTOCases

/// The four-kernel paged-attention graph's own arithmetic (QK matmul, softmax prepare, PV matmul, online update, as
/// `paged_attention` and `batch_paged_attention` issue them), operation for operation as the emulated instructions
/// perform it, so a faithful emulation reproduces it bit for bit. Valid only where the kernels' tile shapes equal
/// the case's (q_tile × head_dim × block_size among 16×16×16, 16×128×128, 64×128×64).
///
/// Per request and head tile, for each block index `bn` the orchestration submits:
/// 1. QK: `s = Matmul.gemm(q, K as stored, transB)` (the cube's side images).
/// 2. SF: a block with `valid` tokens: columns ≥ valid ← −inf; `s ← s·scale`; `m = rowmax` (left to right,
///    `Swift.max`); `p = VectorMath.exp(s − m)`; p rounded to bf16 ties-away and widened; `l = Σ p` left to right.
///    A block past the request's context (batch_paged_attention only): `m = −1e30`, `l = 0`, `p = 0`.
/// 3. PV: `o = Matmul.gemm(p, V)`.
/// 4. UP: the first block copies (`mi = m, li = l, oi = o`); later ones: `mi' = max(mi, m)`, `α = exp(mi − mi')`,
///    `β = exp(m − mi')`, `li = α·li + β·l` (each product rounded, then the sum), `oi = oi·α + o·β` (likewise).
///    The last block writes `out = oi / li`.
public enum PagedAttentionSceneKernelFormulation {
    /// The kernels' `out`. `blocks(b)` is how many block indices the orchestration submits for request b (its own
    /// count in `paged_attention`, the batch's maximum in `batch_paged_attention`).
    public static func out(_ args: SceneArgs, _ p: PagedAttentionSceneParams,
                           blocks: @Sendable (Int) -> Int) throws -> Tensor {
        let query = try args.tensor("query"), keys = try args.tensor("key_cache")
        let values = try args.tensor("value_cache"), table = try args.tensor("block_table")
        let out = Tensor(dtype: .f32, shape: [p.batch, p.numHeads, p.headDim])
        let lens = p.contextLens
        Parallel.forEach(p.batch * p.qLoop, workers: Parallel.defaultWorkers) { item, _ in
            let b = item / p.qLoop, q0 = (item % p.qLoop) * p.qTile
            let rows = p.qTile, d = p.headDim, bs = p.blockSize
            var qi = [Float](repeating: 0, count: rows * d), kj = [Float](repeating: 0, count: bs * d)
            var vj = kj, s = [Float](repeating: 0, count: rows * bs), o = [Float](repeating: 0, count: rows * d)
            var oi = o, li = [Float](repeating: 0, count: rows), mi = li, m = li, l = li
            BF16Convert.widen(query.bf16 + (b * p.numHeads + q0) * d, &qi, count: rows * d)
            let n = blocks(b)
            for bn in 0..<n {
                let valid = max(0, min(bs, lens[b] - bn * bs))
                let block = Int(table.i32[b * p.maxBlocksPerRequest + bn])
                BF16Convert.widen(values.bf16 + block * bs * d, &vj, count: bs * d)
                if valid == 0 {
                    for i in 0..<(rows * bs) { s[i] = 0 }
                    for r in 0..<rows { m[r] = -1e30; l[r] = 0 }
                } else {
                    BF16Convert.widen(keys.bf16 + block * bs * d, &kj, count: bs * d)
                    Matmul.gemm(m: rows, n: bs, k: d, a: qi, lda: d, b: kj, ldb: d, transB: true, c: &s, ldc: bs)
                    s.withUnsafeMutableBufferPointer { sp in
                        let base = sp.baseAddress!
                        for r in 0..<rows {
                            let row = base + r * bs
                            for c in valid..<bs { row[c] = -.infinity }
                            for c in 0..<bs { row[c] = row[c] * p.scale }
                            var mx = row[0]
                            for c in 1..<bs { mx = Swift.max(mx, row[c]) }
                            for c in 0..<bs { row[c] = row[c] - mx }
                            VectorMath.exp(row, row, count: bs)
                            BF16Convert.roundTrip(row, count: bs, rounding: .tiesAwayFromZero)
                            var sum = row[0]
                            for c in 1..<bs { sum += row[c] }
                            m[r] = mx
                            l[r] = sum
                        }
                    }
                }
                Matmul.gemm(m: rows, n: d, k: bs, a: s, lda: bs, b: vj, ldb: d, c: &o, ldc: d)
                if bn == 0 {
                    oi = o
                    li = l
                    mi = m
                } else {
                    for r in 0..<rows {
                        let newMax = Swift.max(mi[r], m[r])
                        let alpha = VectorMath.exp(mi[r] - newMax), beta = VectorMath.exp(m[r] - newMax)
                        let scaledLi = alpha * li[r], scaledL = beta * l[r]
                        li[r] = scaledLi + scaledL
                        for c in 0..<d {
                            let x = oi[r * d + c] * alpha, y = o[r * d + c] * beta
                            oi[r * d + c] = x + y
                        }
                        mi[r] = newMax
                    }
                }
            }
            let dst = out.f32 + (b * p.numHeads + q0) * d
            for r in 0..<rows { for c in 0..<d { dst[r * d + c] = oi[r * d + c] / li[r] } }
        }
        return out
    }
}
