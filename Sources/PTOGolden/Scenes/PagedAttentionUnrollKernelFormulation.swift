import PTONumerics
import PTOCases

/// The unroll kernels' arithmetic, in the order and with the roundings their instructions perform it, so a faithful
/// emulation reproduces it bit for bit, for the shapes the kernels are compiled for (16 q rows with 128-token blocks,
/// 64 with 64-token blocks, head_dim 128). Per request, per q tile of `min(num_heads, 128)` rows, per group of up to
/// 64 KV blocks:
/// 1. S_i = `Matmul.gemm`(q tile fp32, lda head_dim; K block as stored, transposed, ldb head_dim), one call per block.
/// 2. The last block's columns from `valid_len_last` on become −inf.
/// 3. m = max over blocks of the row max of S_i (each row folded from its first column, `Swift.max`); M = m·scale.
/// 4. Per block: p = fp32(bf16 ties-away(`VectorMath.exp`(S_i·scale − M))); acc = p·1 for the first block, then
///    acc + p; l = left-to-right row sum of acc.
/// 5. o = Σ_i `Matmul.gemm`(p_i, lda block; V_i, ldb head_dim), the first call overwriting, the rest accumulating.
/// 6. First group: (mi, li, oi) = (M, l, o). Later: M' = max(mi, M), α = exp(mi − M'), β = exp(M − M'),
///    li = α·li + β·l and oi = oi·α + o·β (each product rounded, then added). Last group: out = oi / li.
public enum PagedAttentionUnrollKernelFormulation {
    static let blocksPerGroup = 64

    /// The tensors the formulation reads: the golden module's arguments by name, shapes taken from them.
    struct Operands {
        let query: Tensor, keyCache: Tensor, valueCache: Tensor, blockTable: Tensor, contextLens: Tensor
        var batch: Int { query.shape[0] }
        var heads: Int { query.shape[1] }
        var dim: Int { query.shape[2] }
        var blockSize: Int { keyCache.shape[1] }
        var tableWidth: Int { blockTable.shape[1] }
        func blockID(_ b: Int, _ j: Int) -> Int { Int(blockTable.i32[b * tableWidth + j]) }
    }

    /// The kernels' `out` for the scene's arguments (`query`, `key_cache`, `value_cache`, `block_table`,
    /// `context_lens`; shapes taken from the tensors).
    public static func out(_ args: SceneArgs, scale: Float) throws -> Tensor {
        let x = Operands(query: try args.tensor("query"), keyCache: try args.tensor("key_cache"),
                         valueCache: try args.tensor("value_cache"), blockTable: try args.tensor("block_table"),
                         contextLens: try args.tensor("context_lens"))
        let out = Tensor(dtype: .f32, shape: [x.batch, x.heads, x.dim])
        Matmul.setBLASThreads(1)
        for b in 0..<x.batch { request(b, x, scale, out) }
        return out
    }

    private static func request(_ b: Int, _ x: Operands, _ scale: Float, _ out: Tensor) {
        let heads = x.heads, dim = x.dim, bs = x.blockSize
        let rows = min(heads, 128)
        let seq = Int(x.contextLens.i32[b])
        let blocks = (seq + bs - 1) / bs
        guard blocks > 0 else { return }
        let blockElements = bs * dim
        var q = [Float](repeating: 0, count: rows * dim)
        var kv = [Float](repeating: 0, count: blockElements)
        var s = [Float](repeating: 0, count: blocksPerGroup * rows * bs)
        var probs = [Float](repeating: 0, count: blocksPerGroup * rows * bs)
        var acc = [Float](repeating: 0, count: rows * bs)
        var o = [Float](repeating: 0, count: rows * dim)
        var oi = [Float](repeating: 0, count: rows * dim)
        var mi = [Float](repeating: 0, count: rows), li = [Float](repeating: 0, count: rows)
        var m = [Float](repeating: 0, count: rows), l = [Float](repeating: 0, count: rows)

        for tile in stride(from: 0, to: heads, by: rows) {
            BF16Convert.widen(x.query.bf16 + (b * heads + tile) * dim, &q, count: rows * dim)
            for bn in stride(from: 0, to: blocks, by: blocksPerGroup) {
                let n = min(blocksPerGroup, blocks - bn)
                let validLast = min(bs, seq - (bn + n - 1) * bs)
                for i in 0..<n {
                    let id = x.blockID(b, bn + i)
                    BF16Convert.widen(x.keyCache.bf16 + id * blockElements, &kv, count: blockElements)
                    s.withUnsafeMutableBufferPointer { sp in
                        Matmul.gemm(m: rows, n: bs, k: dim, a: q, lda: dim, b: kv, ldb: dim, transB: true,
                                    c: sp.baseAddress! + i * rows * bs, ldc: bs)
                    }
                }
                for r in 0..<rows {
                    for c in validLast..<bs { s[(n - 1) * rows * bs + r * bs + c] = -.infinity }
                }
                // Step 3: group max, scaled once.
                for r in 0..<rows {
                    var g: Float = 0
                    for i in 0..<n {
                        let row = i * rows * bs + r * bs
                        var x = s[row]
                        for c in 1..<bs { x = Swift.max(x, s[row + c]) }
                        g = i == 0 ? Swift.max(x, x) : Swift.max(g, x)
                    }
                    m[r] = g * scale
                }
                // Step 4.
                for i in 0..<n {
                    for r in 0..<rows {
                        let row = i * rows * bs + r * bs
                        for c in 0..<bs { probs[row + c] = s[row + c] * scale - m[r] }
                    }
                    probs.withUnsafeMutableBufferPointer { pp in
                        let base = pp.baseAddress! + i * rows * bs
                        VectorMath.exp(base, base, count: rows * bs)
                        BF16Convert.roundTrip(base, count: rows * bs, rounding: .tiesAwayFromZero)
                    }
                    for e in 0..<(rows * bs) {
                        let x = probs[i * rows * bs + e]
                        acc[e] = i == 0 ? x * 1 : acc[e] + x
                    }
                }
                for r in 0..<rows {
                    var sum = acc[r * bs]
                    for c in 1..<bs { sum += acc[r * bs + c] }
                    l[r] = sum
                }
                // Step 5.
                for i in 0..<n {
                    let id = x.blockID(b, bn + i)
                    BF16Convert.widen(x.valueCache.bf16 + id * blockElements, &kv, count: blockElements)
                    probs.withUnsafeBufferPointer { pp in
                        Matmul.gemm(m: rows, n: dim, k: bs, a: pp.baseAddress! + i * rows * bs, lda: bs, b: kv,
                                    ldb: dim, c: &o, ldc: dim, accumulate: i > 0)
                    }
                }
                // Step 6.
                let isFirst = bn == 0, isLast = bn + n >= blocks
                let rowsOut = out.f32 + (b * heads + tile) * dim
                if isFirst {
                    mi = m; li = l; oi = o
                    if isLast {
                        for r in 0..<rows { for d in 0..<dim { rowsOut[r * dim + d] = o[r * dim + d] / l[r] } }
                    }
                    continue
                }
                for r in 0..<rows {
                    let mNew = Swift.max(mi[r], m[r])
                    let alpha = VectorMath.exp(mi[r] - mNew), beta = VectorMath.exp(m[r] - mNew)
                    let scaledLi = alpha * li[r], scaledL = beta * l[r]
                    li[r] = scaledLi + scaledL
                    mi[r] = mNew
                    for d in 0..<dim {
                        let a = oi[r * dim + d] * alpha, c = o[r * dim + d] * beta
                        oi[r * dim + d] = a + c
                    }
                }
                if isLast {
                    for r in 0..<rows { for d in 0..<dim { rowsOut[r * dim + d] = oi[r * dim + d] / li[r] } }
                }
            }
        }
    }
}
