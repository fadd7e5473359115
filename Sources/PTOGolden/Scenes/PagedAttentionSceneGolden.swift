import PTONumerics
import PTOCases
#if canImport(Glibc)
import Glibc
#endif

/// The golden of the scenes that share simpler's common paged-attention golden module (`paged_attention`,
/// `batch_paged_attention`, the unrolled variants), following its `paged_attention` function step by step:
///
/// For each head tile of `min(num_heads, 128)` rows and each block index `bn` up to the longest request's block
/// count (stopping early once no request has tokens left), per request: `s = q·Kᵀ·scale` with columns past the
/// request's valid tokens at −inf; `m = max(row)` clamped to ≥ −1e30; `p = exp(s − m)` with masked columns 0, rounded
/// to bf16 (nearest-even) and widened back; `l = Σ p`; `o = p·V`. The first block starts the accumulators
/// (`oi = o, li = l, mi = m`); later ones rescale them: `mi' = max(mi, m)`, `α = exp(mi − mi')`, `β = exp(m − mi')`,
/// `li = α·li + β·l`, `oi = α·oi + β·o`. Finally `out = oi / li`, fp32 `[batch, num_heads, head_dim]`.
///
/// Products go through `Matmul.gemm` in fp32 (bf16 products are exact, only the sum order is BLAS's); nothing of the
/// emulator is involved.
public enum PagedAttentionSceneGolden {
    /// The expected `out` for the arguments made by `PagedAttentionSceneInputs.make`.
    public static func out(_ args: SceneArgs, _ p: PagedAttentionSceneParams,
                           workers: Int = Parallel.defaultWorkers) throws -> Tensor {
        let query = try args.tensor("query"), keys = try args.tensor("key_cache")
        let values = try args.tensor("value_cache"), table = try args.tensor("block_table")
        let out = Tensor(dtype: .f32, shape: [p.batch, p.numHeads, p.headDim])
        // Every block index below the longest request's block count has at least that request active, so the
        // golden's early stop never fires before `maxBlocks`.
        let maxBlocks = p.maxBlocks
        let lens = p.contextLens
        // One BLAS thread per call: the parallelism comes from the work items, and OpenBLAS's own threads on top of
        // them (it splits calls of 64 rows) oversubscribe the cores (16 s instead of under 1 s for Case2's shape).
        Matmul.setBLASThreads(1)
        Parallel.forEach(p.batch * p.qLoop, workers: workers) { item, _ in
            let b = item / p.qLoop, q0 = (item % p.qLoop) * p.qTile
            let rows = min(p.qTile, p.numHeads - q0), d = p.headDim, bs = p.blockSize
            var qi = [Float](repeating: 0, count: rows * d), kj = [Float](repeating: 0, count: bs * d)
            var vj = kj, s = [Float](repeating: 0, count: rows * bs), o = [Float](repeating: 0, count: rows * d)
            var oi = o, li = [Float](repeating: 0, count: rows), mi = li
            BF16Convert.widen(query.bf16 + (b * p.numHeads + q0) * d, &qi, count: rows * d)
            for bn in 0..<maxBlocks {
                let valid = max(0, min(bs, lens[b] - bn * bs))
                let block = Int(table.i32[b * p.maxBlocksPerRequest + bn])
                BF16Convert.widen(keys.bf16 + block * bs * d, &kj, count: bs * d)
                BF16Convert.widen(values.bf16 + block * bs * d, &vj, count: bs * d)
                Matmul.gemm(m: rows, n: bs, k: d, a: qi, lda: d, b: kj, ldb: d, transB: true, c: &s, ldc: bs)
                var m = [Float](repeating: 0, count: rows), l = m
                for r in 0..<rows {
                    var rowMax = -Float.infinity
                    for c in 0..<bs {
                        s[r * bs + c] = c < valid ? s[r * bs + c] * p.scale : -.infinity
                        rowMax = max(rowMax, s[r * bs + c])
                    }
                    m[r] = max(rowMax, -1e30)
                    let rowMaxClamped = m[r]
                    l[r] = s.withUnsafeMutableBufferPointer { buffer in
                        let row = buffer.baseAddress.unsafelyUnwrapped + r * bs
                        // exp(s − m) of the valid columns: the bulk exp gives Float(exp(Double(x))) bit for bit (it
                        // is only faster than calling the C library per element).
                        for c in 0..<valid { row[c] = row[c] - rowMaxClamped }
                        VectorMath.exp(row, row, count: valid)
                        var sum: Float = 0
                        for c in 0..<bs {
                            let e = c < valid ? row[c] : 0
                            let rounded = Float(bitPattern: UInt32(BFloat16.roundNearestEven(e.bitPattern)) << 16)
                            row[c] = rounded
                            sum += rounded
                        }
                        return sum
                    }
                }
                Matmul.gemm(m: rows, n: d, k: bs, a: s, lda: bs, b: vj, ldb: d, c: &o, ldc: d)
                if bn == 0 {
                    oi = o
                    li = l
                    mi = m
                    continue
                }
                for r in 0..<rows {
                    let newMax = max(mi[r], m[r])
                    let alpha = Float(Glibc.exp(Double(mi[r] - newMax))), beta = Float(Glibc.exp(Double(m[r] - newMax)))
                    li[r] = alpha * li[r] + beta * l[r]
                    for c in 0..<d { oi[r * d + c] = alpha * oi[r * d + c] + beta * o[r * d + c] }
                    mi[r] = newMax
                }
            }
            let dst = out.f32 + (b * p.numHeads + q0) * d
            for r in 0..<rows { for c in 0..<d { dst[r * d + c] = oi[r * d + c] / li[r] } }
        }
        return out
    }
}
