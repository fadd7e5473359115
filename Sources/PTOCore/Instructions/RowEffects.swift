/// What the row instructions do: reductions of each row to one value (TROWMAX, TROWSUM) and the row broadcasts
/// (TROWEXPANDSUB/MUL/DIV), which combine each row with a per-row value from a column-vector tile.
enum RowEffects {
    /// TROWMAX / TROWSUM: `dst[r] = reduce(src[r][0 ..< validCols])`, sequentially left to right in fp32 (as
    /// pto-isa's CPU backend; the hardware's vcadd/vcmax tree may differ in the last bits of a sum).
    /// `dst` is a column vector: element r is at its layout offset (r, 0).
    static func reduce(_ op: Op, _ dst: TileOperand, _ dstBase: UnsafeMutableRawPointer,
                       _ src: TileOperand, _ srcBase: UnsafeRawPointer) {
        let d = dstBase.assumingMemoryBound(to: Float.self)
        let s = srcBase.assumingMemoryBound(to: Float.self)
        let rows = Int(src.validRows), cols = max(Int(src.validCols), 1)
        // Element (r, c) is at r·rowStep + c·colStep in either layout.
        let rowStep = src.layout == .rowMajor ? Int(src.cols) : 1
        let colStep = src.layout == .rowMajor ? 1 : Int(src.rows)
        let isMax = op == .trowmax
        var r = 0
        // Four rows at a time: each row is still folded left to right, one element after the other, but four
        // independent chains hide the latency of the dependent adds.
        while r + 4 <= rows {
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
            d[dst.offset(r, 0)] = a0
            d[dst.offset(r + 1, 0)] = a1
            d[dst.offset(r + 2, 0)] = a2
            d[dst.offset(r + 3, 0)] = a3
            r += 4
        }
        while r < rows {
            let p = s + r * rowStep
            var acc = p[0]
            if isMax {
                for c in 1..<cols { acc = Swift.max(acc, p[c * colStep]) }
            } else {
                for c in 1..<cols { acc += p[c * colStep] }
            }
            d[dst.offset(r, 0)] = acc
            r += 1
        }
    }

    /// TROWEXPANDSUB / MUL / DIV: `dst[r][c] = src[r][c] ∘ col[r]`.
    static func expand(_ op: Op, _ dst: TileOperand, _ dstBase: UnsafeMutableRawPointer,
                       _ src: TileOperand, _ srcBase: UnsafeRawPointer, _ col: TileOperand, _ colBase: UnsafeRawPointer) {
        let d = dstBase.assumingMemoryBound(to: Float.self)
        let s = srcBase.assumingMemoryBound(to: Float.self)
        let v = colBase.assumingMemoryBound(to: Float.self)
        let rows = Int(dst.validRows), cols = Int(dst.validCols)
        // Read every per-row value before writing: dst may alias col.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: rows) { values in
            for r in 0..<rows { values[r] = v[col.offset(r, 0)] }
            for r in 0..<rows {
                let x = values[r]
                if dst.layout == .rowMajor && src.layout == .rowMajor {
                    let dRow = d + r * Int(dst.cols), sRow = s + r * Int(src.cols)
                    switch op {
                    case .trowexpandsub: LaneLoops.map(dRow, sRow, x, cols, lanes: { $0 - $1 }, scalar: { $0 - $1 })
                    case .trowexpandmul: LaneLoops.map(dRow, sRow, x, cols, lanes: { $0 * $1 }, scalar: { $0 * $1 })
                    default: LaneLoops.map(dRow, sRow, x, cols, lanes: { $0 / $1 }, scalar: { $0 / $1 })
                    }
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
