import PTONumerics

/// What the element-wise vector instructions (pipe V, fp32 tiles in UB) do. Operands share one layout and valid
/// shape (checked at issue); each walks the valid region line by line, so padding columns are left untouched.
enum ElementwiseEffects {
    /// Calls `body(dstLine, srcLine..., count)` for every storage line of the valid region.
    @inline(__always)
    private static func lines(_ dst: TileOperand, _ dstBase: UnsafeMutableRawPointer,
                              _ body: (UnsafeMutablePointer<Float>, Int, Int) -> Void) {
        let d = dstBase.assumingMemoryBound(to: Float.self)
        if dst.isDense {
            body(d, 0, dst.lineCount * dst.lineLength)
        } else {
            for line in 0..<dst.lineCount { body(d + line * dst.lineStride, line, dst.lineLength) }
        }
    }

    @inline(__always)
    private static func line(_ t: TileOperand, _ base: UnsafeRawPointer, _ i: Int) -> UnsafePointer<Float> {
        base.assumingMemoryBound(to: Float.self) + i * t.lineStride
    }

    /// TADD / TSUB / TMUL / TMAX: dst = a ∘ b.
    static func binary(_ op: Op, _ dst: TileOperand, _ dstBase: UnsafeMutableRawPointer,
                       _ a: TileOperand, _ aBase: UnsafeRawPointer, _ b: TileOperand, _ bBase: UnsafeRawPointer) {
        let dense = dst.isDense && a.isDense && b.isDense
        let operation: ElementwiseMath.Operation = switch op {
        case .tadd: .add
        case .tsub: .subtract
        case .tmul: .multiply
        default: .max
        }
        lines(dst, dstBase) { d, i, n in
            let x = dense ? aBase.assumingMemoryBound(to: Float.self) : line(a, aBase, i)
            let y = dense ? bBase.assumingMemoryBound(to: Float.self) : line(b, bBase, i)
            ElementwiseMath.apply(operation, d, x, y, count: n)
        }
    }

    /// TMULS: dst = src · s.
    static func scale(_ dst: TileOperand, _ dstBase: UnsafeMutableRawPointer,
                      _ src: TileOperand, _ srcBase: UnsafeRawPointer, _ s: Float) {
        let dense = dst.isDense && src.isDense
        lines(dst, dstBase) { d, i, n in
            let x = dense ? srcBase.assumingMemoryBound(to: Float.self) : line(src, srcBase, i)
            ElementwiseMath.apply(.multiply, d, x, scalar: s, count: n)
        }
    }

    /// TEXP: dst = exp(src).
    static func exp(_ dst: TileOperand, _ dstBase: UnsafeMutableRawPointer,
                    _ src: TileOperand, _ srcBase: UnsafeRawPointer) {
        let dense = dst.isDense && src.isDense
        lines(dst, dstBase) { d, i, n in
            let x = dense ? srcBase.assumingMemoryBound(to: Float.self) : line(src, srcBase, i)
            VectorMath.exp(x, d, count: n)
        }
    }

    /// TEXPANDS: every valid element = value.
    static func fill(_ dst: TileOperand, _ dstBase: UnsafeMutableRawPointer, _ value: Float) {
        if dst.dtype == .bf16 {
            let bits = BFloat16(value, rounding: .nearestEven).bitPattern
            let d = dstBase.assumingMemoryBound(to: UInt16.self)
            for line in 0..<dst.lineCount {
                (d + line * dst.lineStride).update(repeating: bits, count: dst.lineLength)
            }
            return
        }
        lines(dst, dstBase) { d, _, n in d.update(repeating: value, count: n) }
    }

    /// TFILLPAD_INPLACE with PadValue::Min: columns `validCols ..< dst.validCols` of each valid row become -inf
    /// (fp32 0xFF800000, bf16 0xFF80).
    static func fillPad(_ dst: TileOperand, _ dstBase: UnsafeMutableRawPointer, validCols: Int) {
        let rows = Int(dst.validRows), end = Int(dst.validCols)
        if dst.dtype == .f32 {
            let d = dstBase.assumingMemoryBound(to: UInt32.self)
            for r in 0..<rows { for c in validCols..<end { d[dst.offset(r, c)] = 0xFF80_0000 } }
        } else {
            let d = dstBase.assumingMemoryBound(to: UInt16.self)
            for r in 0..<rows { for c in validCols..<end { d[dst.offset(r, c)] = 0xFF80 } }
        }
    }

    /// TCVT: fp32 → bf16 with the given rounding, or bf16 → fp32 (exact).
    static func convert(_ dst: TileOperand, _ dstBase: UnsafeMutableRawPointer,
                        _ src: TileOperand, _ srcBase: UnsafeRawPointer, _ mode: RoundMode) {
        let dense = dst.isDense && src.isDense
        for i in 0..<(dense ? 1 : dst.lineCount) {
            let n = dense ? dst.lineCount * dst.lineLength : dst.lineLength
            if dst.dtype == .bf16 {
                let s = srcBase.assumingMemoryBound(to: Float.self) + i * src.lineStride
                let d = dstBase.assumingMemoryBound(to: UInt16.self) + i * dst.lineStride
                BF16Convert.narrow(s, d, count: n, rounding: mode == .castRound ? .tiesAwayFromZero : .nearestEven)
            } else {
                let s = srcBase.assumingMemoryBound(to: UInt16.self) + i * src.lineStride
                let d = dstBase.assumingMemoryBound(to: Float.self) + i * dst.lineStride
                BF16Convert.widen(s, d, count: n)
            }
        }
    }
}
