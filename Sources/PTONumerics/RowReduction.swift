/// The row reductions of the vector unit (TROWMAX, TROWSUM) on an fp32 matrix: `dst[r] = fold(src[r][0 ..< cols])`,
/// each row folded strictly left to right in fp32 — `acc + x` for a sum, `Swift.max(acc, x)` for a maximum — as
/// pto-isa's CPU backend computes them (the hardware's vcadd/vcmax tree may differ in the last bits of a sum).
///
/// The Swift loop is the definition. On `.avx512` the AVX-512 kernel (`ptosimd_row_reduce_f32`) takes whole groups
/// of 8 rows of a matrix whose rows are contiguous: it transposes 8 x 8 blocks so that one vector lane carries one
/// row, then applies the same fold to all eight rows at once, column after column (a maximum folds blocks of 8
/// columns side by side and merges them in column order, which gives the same bits: see the kernel's comment); the
/// rows left over, and matrices whose columns are strided, run the definition.
public enum RowReduction {
    /// Element (r, c) of the source is at `src[r * rowStep + c * colStep]`; result r goes to `dst[r * dstStep]`.
    @inlinable
    public static func reduce(_ src: UnsafePointer<Float>, rows: Int, cols: Int, rowStep: Int, colStep: Int,
                              max isMax: Bool, into dst: UnsafeMutablePointer<Float>, dstStep: Int,
                              path: SIMDPath = .active) {
        let cols = Swift.max(cols, 1)
        var first = 0
        if path == .avx512 && colStep == 1 && rows >= 8 {
            first = SIMDKernels.rowReduce(src, rows: rows, cols: cols, rowStep: rowStep, max: isMax,
                                          into: dst, dstStep: dstStep)
        }
        definition(src, rows: first..<rows, cols: cols, rowStep: rowStep, colStep: colStep, max: isMax,
                   into: dst, dstStep: dstStep)
    }

    /// The definition, for the rows in `rowRange`. Four rows at a time: each row is still folded left to right, one
    /// element after the other, but four independent chains hide the latency of the dependent operations.
    @usableFromInline
    static func definition(_ s: UnsafePointer<Float>, rows rowRange: Range<Int>, cols: Int, rowStep: Int,
                           colStep: Int, max isMax: Bool, into d: UnsafeMutablePointer<Float>, dstStep: Int) {
        var r = rowRange.lowerBound
        while r + 4 <= rowRange.upperBound {
            let p0 = s + r * rowStep, p1 = p0 + rowStep, p2 = p1 + rowStep, p3 = p2 + rowStep
            var a0 = p0[0], a1 = p1[0], a2 = p2[0], a3 = p3[0]
            if isMax {
                for c in 1..<cols {
                    let k = c * colStep
                    a0 = Swift.max(a0, p0[k]); a1 = Swift.max(a1, p1[k])
                    a2 = Swift.max(a2, p2[k]); a3 = Swift.max(a3, p3[k])
                }
            } else {
                for c in 1..<cols {
                    let k = c * colStep
                    a0 += p0[k]; a1 += p1[k]; a2 += p2[k]; a3 += p3[k]
                }
            }
            d[r * dstStep] = a0
            d[(r + 1) * dstStep] = a1
            d[(r + 2) * dstStep] = a2
            d[(r + 3) * dstStep] = a3
            r += 4
        }
        while r < rowRange.upperBound {
            let p = s + r * rowStep
            var acc = p[0]
            if isMax {
                for c in 1..<cols { acc = Swift.max(acc, p[c * colStep]) }
            } else {
                for c in 1..<cols { acc += p[c * colStep] }
            }
            d[r * dstStep] = acc
            r += 1
        }
    }
}
