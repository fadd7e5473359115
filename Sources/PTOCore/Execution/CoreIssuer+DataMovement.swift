/// Tile placement (TASSIGN, TRESHAPE), the DMA instructions (TLOAD, TSTORE, TMOV) and the cube (TMATMUL).
extension CoreIssuer {
    /// TASSIGN: binds `tile` to byte `address` of its space. Scalar-only, so it takes effect immediately.
    /// Throws when the space does not exist on this core, the address is not 32-byte aligned, or the tile would
    /// run past the space's capacity.
    public func tassign(_ tile: inout Tile, _ address: Int) throws {
        var problem: String?
        if !tile.space.exists(on: kind) || tile.space == .gm {
            problem = "the \(kind) has no \(tile.space) for tiles"
        } else if tile.rows <= 0 || tile.cols <= 0 {
            problem = "shape must be positive"
        } else {
            problem = placementProblem(tile, at: address)
        }
        if let problem {
            throw CoreFault.invalidInstruction("\(name): TASSIGN of tile \(tile.summary) to 0x\(String(address, radix: 16)): \(problem)")
        }
        tile.address = address
    }

    /// TRESHAPE: rebinds `dst` to `src`'s address (scalar pipe, no data moves). Both must be in the same space and
    /// have the same byte size.
    public func treshape(_ dst: inout Tile, _ src: Tile, label: StaticString = "", detail: Int = -1) {
        guard src.space == dst.space, src.byteCount == dst.byteCount else {
            reject(.treshape, label, detail, "TRESHAPE of \(dst.summary) onto \(src.summary): same space and byte size required")
            return
        }
        guard src.address >= 0 else {
            reject(.treshape, label, detail, "TRESHAPE onto \(src.summary): the source tile has no address")
            return
        }
        dst.address = src.address
    }

    /// TLOAD (MTE2): GM view → L1 (Mat) or UB (Vec). A rowMajor tile takes view row r as its row r; a colMajor tile
    /// takes view row j as its column j (the DN layout), so the view must be `validCols x validRows` then.
    public func tload(_ dst: Tile, _ src: GMView, label: StaticString = "", detail: Int = -1) {
        guard let d = operand(dst, "dst", in: [.l1, .ub], .tload, label, detail),
              let s = operand(src, "src", .tload, label, detail) else { return }
        guard viewMatches(src, d, .tload, label, detail) else { return }
        submit(.load(dst: d, src: s), pipe: .mte2, op: .tload, label: label, detail: detail)
    }

    /// TSTORE: L0C (Acc) → GM on FIX, UB (Vec) → GM on MTE3, L1 (Mat) → GM on MTE3. Same line mapping as TLOAD.
    public func tstore(_ dst: GMView, _ src: Tile, label: StaticString = "", detail: Int = -1) {
        guard let s = operand(src, "src", in: [.l0c, .ub, .l1], .tstore, label, detail),
              let d = operand(dst, "dst", .tstore, label, detail) else { return }
        guard viewMatches(dst, s, .tstore, label, detail) else { return }
        submit(.store(dst: d, src: s), pipe: src.space == .l0c ? .fix : .mte3, op: .tstore, label: label, detail: detail)
    }

    /// TMOV (MTE1): L1 (Mat) → L0A (Left) or L0B (Right), bf16 or fp32, both tiles of one element type. Also
    /// writes the fp32 side image the cube reads (bf16 widened; fp32 as is).
    public func tmov(_ dst: Tile, _ src: Tile, label: StaticString = "", detail: Int = -1) {
        guard let s = operand(src, "src", in: [.l1], .tmov, label, detail),
              let d = operand(dst, "dst", in: [.l0a, .l0b], .tmov, label, detail),
              cubeOperandTypes(("src", src.dtype), ("dst", dst.dtype), .tmov, label, detail),
              sameShape(dst, "dst", src, "src", layout: false, .tmov, label, detail) else { return }
        submit(.move(dst: d, src: s), pipe: .mte1, op: .tmov, label: label, detail: detail)
    }

    /// TMATMUL (M): C = A · B with A in L0A (M x K) and B in L0B (K x N), both bf16 or both fp32, and C in L0C
    /// (M x N fp32 row-major).
    public func tmatmul(_ c: Tile, _ a: Tile, _ b: Tile, label: StaticString = "", detail: Int = -1) {
        matmul(c, a, b, .tmatmul, label, detail)
    }

    /// TMATMUL_ACC (M): C += A · B.
    public func tmatmulAcc(_ c: Tile, _ a: Tile, _ b: Tile, label: StaticString = "", detail: Int = -1) {
        matmul(c, a, b, .tmatmulAcc, label, detail)
    }

    private func matmul(_ c: Tile, _ a: Tile, _ b: Tile, _ op: Op, _ label: StaticString, _ detail: Int) {
        guard let ao = operand(a, "A", in: [.l0a], op, label, detail),
              let bo = operand(b, "B", in: [.l0b], op, label, detail),
              let co = operand(c, "C", in: [.l0c], dtype: .f32, op, label, detail),
              cubeOperandTypes(("A", a.dtype), ("B", b.dtype), op, label, detail) else { return }
        let m = a.validRows, k = a.validCols, n = b.validCols
        guard b.validRows == k, c.validRows == m, c.validCols == n else {
            reject(op, label, detail, "shapes do not chain: A \(m)x\(k), B \(b.validRows)x\(n), C \(c.validRows)x\(c.validCols)")
            return
        }
        guard c.layout == .rowMajor else {
            reject(op, label, detail, "the accumulator must be rowMajor (PTOSim keeps L0C in row-major M x N)")
            return
        }
        guard m <= ChipConfig.matmulMaxDim, n <= ChipConfig.matmulMaxDim, k <= ChipConfig.matmulMaxDim else {
            reject(op, label, detail, "m, n, k = \(m), \(n), \(k); each must be at most \(ChipConfig.matmulMaxDim)")
            return
        }
        submit(.matmul(c: co, a: ao, b: bo), pipe: .m, op: op, label: label, detail: detail)
    }

    /// The cube's operand types (pto-isa's TMATMUL on a2a3 takes bf16·bf16 or fp32·fp32 into an fp32 accumulator;
    /// both are all PTOSim's tiles hold): the two operands of a TMOV or a TMATMUL must agree.
    private func cubeOperandTypes(_ first: (StaticString, ElementType), _ second: (StaticString, ElementType),
                                  _ op: Op, _ label: StaticString, _ detail: Int) -> Bool {
        guard first.1 == second.1 else {
            reject(op, label, detail, "\(first.0) is \(first.1) but \(second.0) is \(second.1); the cube's operands "
                + "share one element type")
            return false
        }
        return true
    }

    /// A view moves one tile storage line per view row.
    private func viewMatches(_ v: GMView, _ t: TileOperand, _ op: Op, _ label: StaticString, _ detail: Int) -> Bool {
        guard v.dtype == t.dtype else {
            reject(op, label, detail, "GM view is \(v.dtype) but the tile is \(t.dtype)")
            return false
        }
        guard v.rows == t.lineCount, v.cols == t.lineLength else {
            let how = t.layout == .rowMajor ? "one view row per tile row" : "one view row per tile column (DN)"
            reject(op, label, detail, "GM view is \(v.rows)x\(v.cols) but the \(t.layout) tile's valid region "
                + "needs \(t.lineCount)x\(t.lineLength) (\(how))")
            return false
        }
        return true
    }
}
