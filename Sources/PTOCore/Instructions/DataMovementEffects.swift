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
        for line in 0..<dst.lineCount {
            (dstBase + line * dstStride).copyMemory(from: srcBase + line * srcStride, byteCount: lineBytes)
        }
    }

    /// TSTORE: tile → GM view, the inverse line mapping of `load`.
    static func store(_ dst: GMOperand, _ dstBase: UnsafeMutableRawPointer,
                      _ src: TileOperand, _ srcBase: UnsafeRawPointer) {
        let size = src.dtype.size
        let lineBytes = src.lineLength * size
        let srcStride = src.lineStride * size
        let dstStride = Int(dst.rowStride) * size
        for line in 0..<src.lineCount {
            (dstBase + line * dstStride).copyMemory(from: srcBase + line * srcStride, byteCount: lineBytes)
        }
    }

    /// TMOV L1 → L0A/L0B (bf16): copies the tile into the destination's layout and writes the fp32 side image in
    /// logical row-major `rows x cols` order (so a colMajor K tile is transposed while it is widened).
    static func moveToL0(_ dst: TileOperand, _ dstBase: UnsafeMutableRawPointer, image: UnsafeMutablePointer<Float>,
                         _ src: TileOperand, _ srcBase: UnsafeRawPointer) {
        let s = srcBase.assumingMemoryBound(to: UInt16.self)
        let d = dstBase.assumingMemoryBound(to: UInt16.self)
        let imageBits = UnsafeMutableRawPointer(image).assumingMemoryBound(to: UInt32.self)
        let rows = Int(dst.validRows), cols = Int(dst.validCols), imageStride = Int(dst.cols)
        if src.layout == .rowMajor && dst.layout == .rowMajor {
            for r in 0..<rows {
                let sRow = s + r * Int(src.cols), dRow = d + r * Int(dst.cols), iRow = imageBits + r * imageStride
                dRow.update(from: sRow, count: cols)
                for c in 0..<cols { iRow[c] = UInt32(sRow[c]) << 16 }
            }
            return
        }
        // Column-major source (the DN K tile) or destination: walk the source's contiguous columns.
        for c in 0..<cols {
            for r in 0..<rows {
                let bits = s[src.offset(r, c)]
                d[dst.offset(r, c)] = bits
                imageBits[r * imageStride + c] = UInt32(bits) << 16
            }
        }
    }
}

/// The cube: TMATMUL on the fp32 side images of L0A and L0B into fp32 L0C.
enum MatmulEffect {
    /// C[M x N] (row-major, ldc = c.cols) = A[M x K] · B[K x N] (+ C when accumulating), through `Matmul.gemm` with
    /// lda = a.cols and ldb = b.cols, no transposes: bf16 products are exact in fp32, only the sum order is BLAS's.
    static func run(c: TileOperand, cBase: UnsafeMutableRawPointer,
                    a: TileOperand, aImage: UnsafePointer<Float>, b: TileOperand, bImage: UnsafePointer<Float>,
                    accumulate: Bool) {
        Matmul.gemm(m: Int(a.validRows), n: Int(b.validCols), k: Int(a.validCols),
                    a: aImage, lda: Int(a.cols), b: bImage, ldb: Int(b.cols),
                    c: cBase.assumingMemoryBound(to: Float.self), ldc: Int(c.cols), accumulate: accumulate)
    }
}
