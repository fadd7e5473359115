import PTONumerics

/// What TLOAD, TSTORE and TMOV do to the bytes. Operands were validated at issue.
enum DataMovementEffects {
    /// TLOAD: GM view → tile, one storage line (row of a rowMajor tile, column of a colMajor one) per view row.
    static func load(_ dst: TileOperand, _ dstBase: UnsafeMutableRawPointer,
                     _ src: GMOperand, _ srcBase: UnsafeRawPointer) {
        let size = dst.dtype.size
        let lineBytes = dst.lineLength * size
        let dstStride = dst.lineStride * size
        let srcStride = Int(src.rowStride) * size
        copyLines(dstBase, dstStride, srcBase, srcStride, lineBytes: lineBytes, lines: dst.lineCount)
    }

    /// TSTORE: tile → GM view, the inverse line mapping of `load`.
    static func store(_ dst: GMOperand, _ dstBase: UnsafeMutableRawPointer,
                      _ src: TileOperand, _ srcBase: UnsafeRawPointer) {
        let size = src.dtype.size
        let lineBytes = src.lineLength * size
        let srcStride = src.lineStride * size
        let dstStride = Int(dst.rowStride) * size
        copyLines(dstBase, dstStride, srcBase, srcStride, lineBytes: lineBytes, lines: src.lineCount)
    }

    /// Copies `lines` lines of `lineBytes` each between strided line sequences. When both sides are gap-free (each
    /// stride equals the line length, as for a whole KV block into a dense tile or a FIFO slot) the lines form one
    /// run, copied with a single call instead of one call per line; the bytes written are the same either way.
    @inline(__always)
    private static func copyLines(_ dst: UnsafeMutableRawPointer, _ dstStride: Int, _ src: UnsafeRawPointer,
                                  _ srcStride: Int, lineBytes: Int, lines: Int) {
        if dstStride == lineBytes && srcStride == lineBytes {
            dst.copyMemory(from: src, byteCount: lineBytes * lines)
            return
        }
        for line in 0..<lines {
            (dst + line * dstStride).copyMemory(from: src + line * srcStride, byteCount: lineBytes)
        }
    }

    /// TMOV L1 → L0A/L0B: copies the tile into the destination's layout and writes the fp32 side image element for
    /// element: image float `i` is L0 element `i` (bf16 widened, fp32 as is), so the image has the tile's storage
    /// order (a colMajor K tile stays N rows of K, which TMATMUL reads as a transposed operand). When both tiles share
    /// a layout each storage line is one contiguous copy, which the optimizer vectorizes.
    static func moveToL0(_ dst: TileOperand, _ dstBase: UnsafeMutableRawPointer, image: UnsafeMutablePointer<Float>,
                         _ src: TileOperand, _ srcBase: UnsafeRawPointer) {
        if dst.dtype == .f32 {
            moveToL0F32(dst, dstBase, image: image, src, srcBase)
            return
        }
        let s = srcBase.assumingMemoryBound(to: UInt16.self)
        let d = dstBase.assumingMemoryBound(to: UInt16.self)
        let imageBits = UnsafeMutableRawPointer(image).assumingMemoryBound(to: UInt32.self)
        if src.layout == dst.layout {
            let dense = src.isDense && dst.isDense
            let lines = dense ? 1 : dst.lineCount
            let length = dense ? dst.lineCount * dst.lineLength : dst.lineLength
            for line in 0..<lines {
                BF16Convert.copyAndWiden(s + line * src.lineStride, copy: d + line * dst.lineStride,
                                         widened: image + line * dst.lineStride, count: length)
            }
            return
        }
        // Layouts differ (a transposing move): walk the source's contiguous lines.
        let rows = Int(dst.validRows), cols = Int(dst.validCols)
        for c in 0..<cols {
            for r in 0..<rows {
                let bits = s[src.offset(r, c)], at = dst.offset(r, c)
                d[at] = bits
                imageBits[at] = UInt32(bits) << 16
            }
        }
    }

    /// The fp32 form of `moveToL0`: the L0 bytes and the side image both receive the fp32 values unchanged.
    private static func moveToL0F32(_ dst: TileOperand, _ dstBase: UnsafeMutableRawPointer,
                                    image: UnsafeMutablePointer<Float>, _ src: TileOperand, _ srcBase: UnsafeRawPointer) {
        let s = srcBase.assumingMemoryBound(to: Float.self)
        let d = dstBase.assumingMemoryBound(to: Float.self)
        if src.layout == dst.layout {
            let dense = src.isDense && dst.isDense
            let lines = dense ? 1 : dst.lineCount
            let length = dense ? dst.lineCount * dst.lineLength : dst.lineLength
            for line in 0..<lines {
                let from = s + line * src.lineStride
                (d + line * dst.lineStride).update(from: from, count: length)
                (image + line * dst.lineStride).update(from: from, count: length)
            }
            return
        }
        let rows = Int(dst.validRows), cols = Int(dst.validCols)
        for c in 0..<cols {
            for r in 0..<rows {
                let value = s[src.offset(r, c)], at = dst.offset(r, c)
                d[at] = value
                image[at] = value
            }
        }
    }
}

/// The cube: TMATMUL on the fp32 side images of L0A and L0B into fp32 L0C.
enum MatmulEffect {
    /// C[M x N] (row-major, ldc = c.cols) = A[M x K] · B[K x N] (+ C when accumulating), through `Matmul.gemm` on the
    /// side images in their storage order: a rowMajor operand untransposed (leading dimension = its columns), a
    /// colMajor one transposed (leading dimension = its rows). bf16 products are exact in fp32; only the sum order
    /// is BLAS's, and PTOGolden's kernel formulation makes the same calls (QK: NoTrans/Trans with K as stored). fp32
    /// operands go through the same call; their products round in fp32 as BLAS rounds them.
    static func run(c: TileOperand, cBase: UnsafeMutableRawPointer,
                    a: TileOperand, aImage: UnsafePointer<Float>, b: TileOperand, bImage: UnsafePointer<Float>,
                    accumulate: Bool) {
        let transA = a.layout == .colMajor, transB = b.layout == .colMajor
        Matmul.gemm(m: Int(a.validRows), n: Int(b.validCols), k: Int(a.validCols),
                    a: aImage, lda: Int(transA ? a.rows : a.cols), transA: transA,
                    b: bImage, ldb: Int(transB ? b.rows : b.cols), transB: transB,
                    c: cBase.assumingMemoryBound(to: Float.self), ldc: Int(c.cols), accumulate: accumulate)
    }
}
