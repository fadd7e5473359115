import Foundation
import PTONumerics

/// Host bodies of the four paged-attention tasks. Each reads its arguments exactly as the example's kernels do
/// (inputs first, then outputs, then scalars) and writes only its outputs and INOUT accumulators.
enum PagedAttentionTaskKernels {
    /// QK (AIC): sij[qTile × blockSize] = qi[qTile × D] · kjᵀ, fp32 accumulate of bf16 operands.
    static let qk: KernelBody = { ctx in
        let (qi, kj, sij) = (ctx.tensor(0), ctx.tensor(1), ctx.tensor(2))
        let (m, k, n) = (qi.shape[0], qi.shape[1], kj.shape[0])
        let a = widen(qi), b = widen(kj)
        Matmul.gemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, transB: true, c: sij.f32, ldc: sij.rowStride)
    }

    /// Softmax prepare (AIV): over the valid columns of sij (the view's width), scaled; columns past it are -inf.
    /// pij = bf16(exp(s − rowmax)) rounded ties-away, mij = row max, lij = row sum of the rounded pij.
    static let softmax: KernelBody = { ctx in
        let (sij, pij, mij, lij) = (ctx.tensor(0), ctx.tensor(1), ctx.tensor(2), ctx.tensor(3))
        let scale = ctx.float(0)
        let (rows, valid, width) = (sij.shape[0], sij.shape[1], pij.shape[1])
        for r in 0..<rows {
            let s = sij.f32 + r * sij.rowStride
            var m = -Float.infinity
            for c in 0..<valid { m = max(m, s[c] * scale) }
            var sum: Float = 0
            for c in 0..<width {
                let p = c < valid ? exp(s[c] * scale - m) : 0
                let rounded = BFloat16(p, rounding: .tiesAwayFromZero)
                pij.bf16[r * pij.rowStride + c] = rounded.bitPattern
                sum += rounded.float
            }
            mij.f32[r] = m
            lij.f32[r] = sum
        }
    }

    /// PV (AIC): oi_new[qTile × D] = pij[qTile × blockSize] · vj[blockSize × D].
    static let pv: KernelBody = { ctx in
        let (pij, vj, oiNew) = (ctx.tensor(0), ctx.tensor(1), ctx.tensor(2))
        let (m, k, n) = (pij.shape[0], pij.shape[1], vj.shape[1])
        let a = widen(pij), b = widen(vj)
        Matmul.gemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: oiNew.f32, ldc: oiNew.rowStride)
    }

    /// Online update (AIV): fold block j's (mij, lij, oi_new) into the running (mi, li, oi); on the last block
    /// write out = oi / li.
    static let update: KernelBody = { ctx in
        let (mij, lij, oiNew) = (ctx.tensor(0), ctx.tensor(1), ctx.tensor(2))
        let (mi, li, oi, out) = (ctx.tensor(3), ctx.tensor(4), ctx.tensor(5), ctx.tensor(6))
        let (isFirst, isLast) = (ctx.scalar(0) != 0, ctx.scalar(1) != 0)
        let (rows, cols) = (oi.shape[0], oi.shape[1])
        for r in 0..<rows {
            let o = oi.f32 + r * oi.rowStride, new = oiNew.f32 + r * oiNew.rowStride
            let dst = out.f32 + r * out.rowStride
            if isFirst {
                mi.f32[r] = mij.f32[r]
                li.f32[r] = lij.f32[r]
                for c in 0..<cols { o[c] = new[c] }
                if isLast { for c in 0..<cols { dst[c] = new[c] / lij.f32[r] } }
                continue
            }
            let mNew = max(mi.f32[r], mij.f32[r])
            let alpha = exp(mi.f32[r] - mNew), beta = exp(mij.f32[r] - mNew)
            let lNew = alpha * li.f32[r] + beta * lij.f32[r]
            for c in 0..<cols { o[c] = o[c] * alpha + new[c] * beta }
            mi.f32[r] = mNew
            li.f32[r] = lNew
            if isLast { for c in 0..<cols { dst[c] = o[c] / lNew } }
        }
    }

    /// A dense fp32 copy of a 2-D bf16 view.
    private static func widen(_ t: ChipTensor) -> [Float] {
        var out = [Float](repeating: 0, count: t.elementCount)
        out.withUnsafeMutableBufferPointer { buf in
            for r in 0..<t.shape[0] {
                BF16Convert.widen(t.bf16 + r * t.rowStride, buf.baseAddress! + r * t.shape[1], count: t.shape[1])
            }
        }
        return out
    }
}
