import PTONumerics
import PTOCases

/// simpler's golden formulation of paged attention, in fp32 with BLAS on tiles of up to 128 heads.
///
/// For each request and each KV block j (of `valid` ≤ blockSize tokens), per query row:
/// s = (q·Kⱼᵀ)·scale; m_j = max of s over the valid tokens (clamped at −1e30); p = exp(s − m_j) on valid tokens and 0
/// beyond; p ← fp32(bf16(p)) rounded to nearest-even; l_j = Σp; o_j = p·Vⱼ. Blocks merge with
/// M = max(m, m_j), α = exp(m − M), β = exp(m_j − M): l ← α·l + β·l_j, o ← α·o + β·o_j. Finally out = o / l.
///
/// The arithmetic is torch's up to summation order and exp's last ulp (torch sums and multiplies in vectorized
/// order; PTOSim's exp is `VectorMath.exp`). A request with no context gives zero rows (torch would produce 0/0).
enum GoldenFormulation {
    /// Head rows per tile, as simpler's golden uses (`q_tile = min(num_heads, 128)`).
    static let maxTileRows = 128
    /// Tokens of K and V gathered and widened per chunk: Q·Kᵀ for the chunk is one BLAS call, and the chunk's fp32
    /// K and V (512 KiB each) stay in the L2 cache between the widening and the products that read them.
    static let chunkTokens = 1024

    static func request(_ b: Int, _ inputs: PagedAttentionInputs, _ w: Workspace, _ out: Tensor) {
        let p = inputs.params
        let heads = p.numHeads, dim = p.headDim, bs = p.blockSize, scale = p.scale
        let ctx = inputs.contextLen(request: b)
        let outRows = out.f32 + b * heads * dim
        guard ctx > 0 else {
            outRows.update(repeating: 0, count: heads * dim)
            return
        }
        let blocks = p.blocksUsed(contextLen: ctx)
        let blocksPerChunk = w.chunkTokens / bs
        let queryRows = inputs.query.bf16 + b * heads * dim
        let blockElements = bs * dim

        var j0 = 0
        while j0 < blocks {
            let j1 = min(blocks, j0 + blocksPerChunk)
            let tokens = (j1 - j0) * bs
            for j in j0..<j1 {
                let id = inputs.blockID(request: b, block: j)
                BF16Convert.widen(inputs.keyCache.bf16 + id * blockElements, w.keys + (j - j0) * blockElements,
                                  count: blockElements)
                BF16Convert.widen(inputs.valueCache.bf16 + id * blockElements, w.values + (j - j0) * blockElements,
                                  count: blockElements)
            }
            for row0 in stride(from: 0, to: heads, by: maxTileRows) {
                let rows = min(maxTileRows, heads - row0)
                BF16Convert.widen(queryRows + row0 * dim, w.query, count: rows * dim)
                Matmul.gemm(m: rows, n: tokens, k: dim, a: w.query, lda: dim, b: w.keys, ldb: dim, transB: true,
                            c: w.scores, ldc: tokens)
                for j in j0..<j1 {
                    let valid = min(bs, ctx - j * bs)
                    softmaxBlock(w, rows: rows, tokens: tokens, column: (j - j0) * bs, valid: valid, bs: bs,
                                 scale: scale)
                    Matmul.gemm(m: rows, n: dim, k: bs, a: w.probs, lda: bs, b: w.values + (j - j0) * blockElements,
                                ldb: dim, c: w.blockOut, ldc: dim)
                    merge(w, rows: rows, firstRow: row0, dim: dim, first: j == 0)
                }
            }
            j0 = j1
        }
        for h in 0..<heads {
            let l = w.rowSum[h]
            for d in 0..<dim { outRows[h * dim + d] = w.accOut[h * dim + d] / l }
        }
    }

    /// p, m_j and l_j of one block for `rows` rows whose scores start at `column` of the chunk's score rows.
    private static func softmaxBlock(_ w: Workspace, rows: Int, tokens: Int, column: Int, valid: Int, bs: Int,
                                     scale: Float) {
        for r in 0..<rows {
            let s = w.scores + r * tokens + column, prob = w.probs + r * bs
            for c in 0..<valid { prob[c] = s[c] * scale }
        }
        // m_j of each row: from −inf over the valid tokens (four rows at a time, each in token order).
        RowFolds.fold(w.probs, rows: rows, cols: valid, stride: bs, into: w.tileMax, max: true, initial: -.infinity)
        for r in 0..<rows {
            let prob = w.probs + r * bs
            let m = max(w.tileMax[r], -1e30)
            for c in 0..<valid { prob[c] -= m }
            VectorMath.exp(prob, prob, count: valid)
            for c in valid..<bs { prob[c] = 0 }
            BF16Convert.roundTrip(prob, count: bs, rounding: .nearestEven)
            w.tileMax[r] = m
        }
        RowFolds.fold(w.probs, rows: rows, cols: bs, into: w.tileSum, max: false)
    }

    /// Folds the block's (m_j, l_j, o_j) into the running (m, l, o) of heads `firstRow ..< firstRow + rows`.
    private static func merge(_ w: Workspace, rows: Int, firstRow: Int, dim: Int, first: Bool) {
        for r in 0..<rows {
            let h = firstRow + r
            let o = w.accOut + h * dim, blockOut = w.blockOut + r * dim
            let mj = w.tileMax[r], lj = w.tileSum[r]
            if first {
                o.update(from: blockOut, count: dim)
                w.rowSum[h] = lj
                w.rowMax[h] = mj
                continue
            }
            let m = w.rowMax[h]
            let mNew = max(m, mj)
            let alpha = VectorMath.exp(m - mNew), beta = VectorMath.exp(mj - mNew)
            w.rowSum[h] = alpha * w.rowSum[h] + beta * lj
            for d in 0..<dim { o[d] = alpha * o[d] + beta * blockOut[d] }
            w.rowMax[h] = mNew
        }
    }
}
