import PTONumerics

/// What the row instructions do: reductions of each row to one value (TROWMAX, TROWSUM) and the row broadcasts
/// (TROWEXPANDSUB/MUL/DIV), which combine each row with a per-row value from a column-vector tile.
enum RowEffects {
    /// TROWMAX / TROWSUM: `dst[r] = reduce(src[r][0 ..< validCols])`, sequentially left to right in fp32 (as
    /// pto-isa's CPU backend; the hardware's vcadd/vcmax tree may differ in the last bits of a sum); see
    /// `RowReduction` for the definition and its AVX-512 form. `dst` is a column vector: element r is at its layout
    /// offset (r, 0).
    static func reduce(_ op: Op, _ dst: TileOperand, _ dstBase: UnsafeMutableRawPointer,
                       _ src: TileOperand, _ srcBase: UnsafeRawPointer) {
        // Element (r, c) is at r·rowStep + c·colStep in either layout.
        let rowMajor = src.layout == .rowMajor
        RowReduction.reduce(srcBase.assumingMemoryBound(to: Float.self), rows: Int(src.validRows),
                            cols: Int(src.validCols), rowStep: rowMajor ? Int(src.cols) : 1,
                            colStep: rowMajor ? 1 : Int(src.rows), max: op == .trowmax,
                            into: dstBase.assumingMemoryBound(to: Float.self), dstStep: dst.offset(1, 0))
    }

    /// TROWEXPANDSUB / MUL / DIV: `dst[r][c] = src[r][c] ∘ col[r]`.
    static func expand(_ op: Op, _ dst: TileOperand, _ dstBase: UnsafeMutableRawPointer,
                       _ src: TileOperand, _ srcBase: UnsafeRawPointer, _ col: TileOperand, _ colBase: UnsafeRawPointer) {
        let d = dstBase.assumingMemoryBound(to: Float.self)
        let s = srcBase.assumingMemoryBound(to: Float.self)
        let v = colBase.assumingMemoryBound(to: Float.self)
        let rows = Int(dst.validRows), cols = Int(dst.validCols)
        let operation: ElementwiseMath.Operation = switch op {
        case .trowexpandsub: .subtract
        case .trowexpandmul: .multiply
        default: .divide
        }
        // Read every per-row value before writing: dst may alias col.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: rows) { values in
            for r in 0..<rows { values[r] = v[col.offset(r, 0)] }
            for r in 0..<rows {
                let x = values[r]
                if dst.layout == .rowMajor && src.layout == .rowMajor {
                    let dRow = d + r * Int(dst.cols), sRow = s + r * Int(src.cols)
                    ElementwiseMath.apply(operation, dRow, sRow, scalar: x, count: cols)
                } else {
                    for c in 0..<cols {
                        let a = s[src.offset(r, c)]
                        d[dst.offset(r, c)] = op == .trowexpandsub ? a - x : (op == .trowexpandmul ? a * x : a / x)
                    }
                }
            }
        }
    }

    /// The UB scratch a column-major (DN) row-broadcast operand passes through on a2a3: each per-row value is
    /// broadcast to one 32-byte block at `TMP_UB_OFFSET + 32 * r` (pto-isa documents `ceil(R/8) * 256` bytes).
    static func scratchRange(rows: Int) -> MemoryRange {
        let bytes = min((rows + 7) / 8 * 256, ChipConfig.ubScratchBytes)
        return MemoryRange(space: .ub, offset: ChipConfig.ubScratchOffset, bytes: bytes)
    }

    /// Writes the broadcast blocks into the scratch area (what a user tile overlapping it would see clobbered).
    static func writeScratch(_ ub: UnsafeMutableRawPointer, col: TileOperand, _ colBase: UnsafeRawPointer) {
        let v = colBase.assumingMemoryBound(to: Float.self)
        let rows = min(Int(col.validRows), ChipConfig.ubScratchBytes / 32)
        let scratch = (ub + ChipConfig.ubScratchOffset).assumingMemoryBound(to: Float.self)
        // Scratch blocks may overlap the column tile itself, so read all values first.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: max(rows, 1)) { values in
            for r in 0..<rows { values[r] = v[col.offset(r, 0)] }
            for r in 0..<rows { (scratch + r * 8).update(repeating: values[r], count: 8) }
        }
    }
}
