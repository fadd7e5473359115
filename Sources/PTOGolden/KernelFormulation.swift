import PTONumerics
import PTOCases

/// The paged-attention kernel's own arithmetic, operation for operation as the emulated AIC and AIV instructions
/// perform it, so that a faithful emulation is bit-identical to this function. The contract (the core's
/// instructions implement the same operations):
///
/// For each request, each q tile of `qTile` rows, each KV block j with `valid` tokens:
/// 1. s = `Matmul.gemm`(M: qTile, N: blockSize, K: 128, A: the q tile in fp32, row-major, lda 128, untransposed;
///    B: the K block widened as stored, blockSize × 128 row-major fp32, ldb 128, transposed). The cube's side
///    image of the DN K tile holds exactly that. The whole tile is computed even though each AIV then takes half
///    of its rows; from here on rows are independent.
/// 2. Last partial block only: columns ≥ valid set to −inf.
/// 3. m = row max of s over all blockSize columns (unscaled, from the first column on, `Swift.max`, as TROWMAX);
///    M₀ = m·scale, Mⱼ = max(Mⱼ₋₁, m·scale).
/// 4. s ← s·scale; x = s − Mⱼ; p = `VectorMath.exp`(x); p16 = bf16 ties-away (`BFloat16.roundTiesAway`);
///    pf = fp32(p16).
/// 5. l = left-to-right fp32 sum of pf over the blockSize columns (padded columns contribute 0).
/// 6. o = `Matmul.gemm`(M: qTile, N: 128, K: blockSize, A: pf row-major, lda blockSize; B: the V block row-major,
///    ldb 128).
/// 7. j = 0: go = o·1, gl = l·1. j ≥ 1: α = exp(Mⱼ₋₁ − Mⱼ); go ← go·α, then go ← go + o (two roundings, no FMA);
///    gl ← gl·α, then gl ← gl + l.
/// 8. out = go / gl. A request with no context gives zero rows.
enum KernelFormulation {
    static func request(_ b: Int, _ inputs: PagedAttentionInputs, _ w: Workspace, _ out: Tensor) {
        let p = inputs.params
        let heads = p.numHeads, dim = p.headDim, bs = p.blockSize, scale = p.scale, rows = p.qTile
        let ctx = inputs.contextLen(request: b)
        let outRows = out.f32 + b * heads * dim
        guard ctx > 0 else {
            outRows.update(repeating: 0, count: heads * dim)
            return
        }
        let blocks = p.blocksUsed(contextLen: ctx)
        let blockElements = bs * dim
        for tile in 0..<p.qLoop {
            BF16Convert.widen(inputs.query.bf16 + (b * heads + tile * rows) * dim, w.query, count: rows * dim)
            for j in 0..<blocks {
                let id = inputs.blockID(request: b, block: j)
                BF16Convert.widen(inputs.keyCache.bf16 + id * blockElements, w.keys, count: blockElements)
                Matmul.gemm(m: rows, n: bs, k: dim, a: w.query, lda: dim, b: w.keys, ldb: dim, transB: true,
                            c: w.scores, ldc: bs)
                softmaxBlock(w, rows: rows, bs: bs, valid: min(bs, ctx - j * bs), scale: scale, first: j == 0)
                BF16Convert.widen(inputs.valueCache.bf16 + id * blockElements, w.values, count: blockElements)
                Matmul.gemm(m: rows, n: dim, k: bs, a: w.probs, lda: bs, b: w.values, ldb: dim,
                            c: w.blockOut, ldc: dim)
                update(w, rows: rows, dim: dim, first: j == 0)
            }
            let tileOut = outRows + tile * rows * dim
            for r in 0..<rows {
                let gl = w.rowSum[r]
                for d in 0..<dim { tileOut[r * dim + d] = w.accOut[r * dim + d] / gl }
            }
        }
    }

    /// Steps 2–5 for every row: masks, running max, p (into `probs`), l (into `tileSum`) and α (into `tileMax`).
    /// The max and sum folds run four rows side by side; each row is still folded left to right.
    private static func softmaxBlock(_ w: Workspace, rows: Int, bs: Int, valid: Int, scale: Float, first: Bool) {
        for r in 0..<rows {
            let s = w.scores + r * bs
            for c in valid..<bs { s[c] = -.infinity }
        }
        RowFolds.fold(w.scores, rows: rows, cols: bs, into: w.blockMax, max: true)
        for r in 0..<rows {
            let s = w.scores + r * bs, prob = w.probs + r * bs
            let scaledMax = w.blockMax[r] * scale
            let previous = w.rowMax[r]
            let running = first ? scaledMax : max(previous, scaledMax)
            for c in 0..<bs { prob[c] = s[c] * scale - running }
            VectorMath.exp(prob, prob, count: bs)
            BF16Convert.roundTrip(prob, count: bs, rounding: .tiesAwayFromZero)
            w.tileMax[r] = first ? 1 : VectorMath.exp(previous - running)  // α
            w.rowMax[r] = running
        }
        RowFolds.fold(w.probs, rows: rows, cols: bs, into: w.tileSum, max: false)
    }

    /// Step 7: the online update of (go, gl).
    private static func update(_ w: Workspace, rows: Int, dim: Int, first: Bool) {
        for r in 0..<rows {
            let go = w.accOut + r * dim, o = w.blockOut + r * dim
            if first {
                for d in 0..<dim { go[d] = o[d] * 1.0 }
                w.rowSum[r] = w.tileSum[r] * 1.0
                continue
            }
            let alpha = w.tileMax[r]
            for d in 0..<dim {
                let scaled = go[d] * alpha
                go[d] = scaled + o[d]
            }
            let scaledSum = w.rowSum[r] * alpha
            w.rowSum[r] = scaledSum + w.tileSum[r]
        }
    }
}

/// Row maxima (`Swift.max`) and left-to-right fp32 row sums over the first `cols` columns of a row-major block with
/// row stride `stride`, four rows at a time so that the dependent operations of one row overlap with those of the next
/// three. Each row is folded from `initial` when given (then over all `cols` columns), else from its first element.
enum RowFolds {
    static func fold(_ m: UnsafePointer<Float>, rows: Int, cols: Int, stride: Int? = nil,
                     into out: UnsafeMutablePointer<Float>, max isMax: Bool, initial: Float? = nil) {
        let stride = stride ?? cols
        let first = initial == nil ? 1 : 0
        @inline(__always) func start(_ p: UnsafePointer<Float>) -> Float { initial ?? p[0] }
        var r = 0
        while r + 4 <= rows {
            let p0 = m + r * stride, p1 = p0 + stride, p2 = p1 + stride, p3 = p2 + stride
            var a0 = start(p0), a1 = start(p1), a2 = start(p2), a3 = start(p3)
            for c in first..<max(cols, first) {
                if isMax {
                    a0 = max(a0, p0[c]); a1 = max(a1, p1[c]); a2 = max(a2, p2[c]); a3 = max(a3, p3[c])
                } else {
                    a0 += p0[c]; a1 += p1[c]; a2 += p2[c]; a3 += p3[c]
                }
            }
            out[r] = a0; out[r + 1] = a1; out[r + 2] = a2; out[r + 3] = a3
            r += 4
        }
        while r < rows {
            let p = m + r * stride
            var a = start(p)
            for c in first..<max(cols, first) { a = isMax ? max(a, p[c]) : a + p[c] }
            out[r] = a
            r += 1
        }
    }
}
