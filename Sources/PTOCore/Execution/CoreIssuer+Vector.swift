/// The vector instructions (pipe V, tiles in UB). Arithmetic is fp32; shapes must agree, else the instruction is
/// rejected with an error naming it, its label and the operands.
extension CoreIssuer {
    /// TROWMAX: `dst[r] = max over c < validCols of src[r][c]`. `dst` is a column vector with src's valid rows;
    /// `tmp` is the scratch tile the chip writes (recorded as written; its contents are left unchanged).
    public func trowmax(_ dst: Tile, _ src: Tile, _ tmp: Tile, label: StaticString = "", detail: Int = -1) {
        rowReduce(.trowmax, dst, src, tmp, label, detail)
    }

    /// TROWSUM: `dst[r] = src[r][0] + src[r][1] + ...`, sequentially left to right in fp32.
    public func trowsum(_ dst: Tile, _ src: Tile, _ tmp: Tile, label: StaticString = "", detail: Int = -1) {
        rowReduce(.trowsum, dst, src, tmp, label, detail)
    }

    /// TMULS: `dst = src * s`.
    public func tmuls(_ dst: Tile, _ src: Tile, _ s: Float, label: StaticString = "", detail: Int = -1) {
        guard let d = vec(dst, "dst", .tmuls, label, detail), let x = vec(src, "src", .tmuls, label, detail),
              sameShape(dst, "dst", src, "src", layout: true, .tmuls, label, detail) else { return }
        submit(.scale(dst: d, src: x, scalar: s), pipe: .v, op: .tmuls, label: label, detail: detail)
    }

    /// TMAX: `dst = max(a, b)` element-wise.
    public func tmax(_ dst: Tile, _ a: Tile, _ b: Tile, label: StaticString = "", detail: Int = -1) {
        binary(.tmax, dst, a, b, label, detail)
    }

    /// TSUB: `dst = a - b`.
    public func tsub(_ dst: Tile, _ a: Tile, _ b: Tile, label: StaticString = "", detail: Int = -1) {
        binary(.tsub, dst, a, b, label, detail)
    }

    /// TADD: `dst = a + b`.
    public func tadd(_ dst: Tile, _ a: Tile, _ b: Tile, label: StaticString = "", detail: Int = -1) {
        binary(.tadd, dst, a, b, label, detail)
    }

    /// TMUL: `dst = a * b`.
    public func tmul(_ dst: Tile, _ a: Tile, _ b: Tile, label: StaticString = "", detail: Int = -1) {
        binary(.tmul, dst, a, b, label, detail)
    }

    /// TEXP: `dst = exp(src)` (double-precision exp rounded to fp32, the shared definition).
    public func texp(_ dst: Tile, _ src: Tile, label: StaticString = "", detail: Int = -1) {
        guard let d = vec(dst, "dst", .texp, label, detail), let x = vec(src, "src", .texp, label, detail),
              sameShape(dst, "dst", src, "src", layout: true, .texp, label, detail) else { return }
        submit(.exp(dst: d, src: x), pipe: .v, op: .texp, label: label, detail: detail)
    }

    /// TROWEXPANDSUB: `dst[r][c] = src[r][c] - col[r]`. A colMajor `col` also writes the UB scratch at 184 KiB.
    public func trowexpandsub(_ dst: Tile, _ src: Tile, _ col: Tile, label: StaticString = "", detail: Int = -1) {
        rowExpand(.trowexpandsub, dst, src, col, label, detail)
    }

    /// TROWEXPANDMUL: `dst[r][c] = src[r][c] * col[r]`.
    public func trowexpandmul(_ dst: Tile, _ src: Tile, _ col: Tile, label: StaticString = "", detail: Int = -1) {
        rowExpand(.trowexpandmul, dst, src, col, label, detail)
    }

    /// TROWEXPANDDIV: `dst[r][c] = src[r][c] / col[r]`.
    public func trowexpanddiv(_ dst: Tile, _ src: Tile, _ col: Tile, label: StaticString = "", detail: Int = -1) {
        rowExpand(.trowexpanddiv, dst, src, col, label, detail)
    }

    /// TEXPANDS: every valid element of `dst` = `value` (bf16 tiles get the value rounded to nearest even).
    public func texpands(_ dst: Tile, _ value: Float, label: StaticString = "", detail: Int = -1) {
        guard let d = operand(dst, "dst", in: [.ub], .texpands, label, detail) else { return }
        submit(.fill(dst: d, value: value), pipe: .v, op: .texpands, label: label, detail: detail)
    }

    /// TFILLPAD_INPLACE with PadValue::Min: columns `validCols ..< dst.validCols` of every valid row become -inf.
    public func tfillpadInplace(_ dst: Tile, validCols: Int, label: StaticString = "", detail: Int = -1) {
        guard let d = operand(dst, "dst", in: [.ub], .tfillpad, label, detail) else { return }
        guard (0...dst.validCols).contains(validCols) else {
            reject(.tfillpad, label, detail, "valid columns \(validCols) outside 0...\(dst.validCols)")
            return
        }
        submit(.fillPad(dst: d, validCols: Int32(validCols)), pipe: .v, op: .tfillpad, label: label, detail: detail)
    }

    /// TCVT: fp32 → bf16 with `mode` (CAST_ROUND ties away from zero, CAST_RINT ties to even), or bf16 → fp32.
    public func tcvt(_ dst: Tile, _ src: Tile, _ mode: RoundMode, label: StaticString = "", detail: Int = -1) {
        guard let d = operand(dst, "dst", in: [.ub], .tcvt, label, detail),
              let x = operand(src, "src", in: [.ub], .tcvt, label, detail),
              sameShape(dst, "dst", src, "src", layout: true, .tcvt, label, detail) else { return }
        guard dst.dtype != src.dtype else {
            reject(.tcvt, label, detail, "source and destination are both \(dst.dtype)")
            return
        }
        submit(.convert(dst: d, src: x, mode: mode), pipe: .v, op: .tcvt, label: label, detail: detail)
    }

    // MARK: Shared shapes

    private func vec(_ t: Tile, _ role: StaticString, _ op: Op, _ label: StaticString, _ detail: Int) -> TileOperand? {
        operand(t, role, in: [.ub], dtype: .f32, op, label, detail)
    }

    private func binary(_ op: Op, _ dst: Tile, _ a: Tile, _ b: Tile, _ label: StaticString, _ detail: Int) {
        guard let d = vec(dst, "dst", op, label, detail), let x = vec(a, "a", op, label, detail),
              let y = vec(b, "b", op, label, detail),
              sameShape(dst, "dst", a, "a", layout: true, op, label, detail),
              sameShape(dst, "dst", b, "b", layout: true, op, label, detail) else { return }
        submit(.binary(dst: d, a: x, b: y), pipe: .v, op: op, label: label, detail: detail)
    }

    private func rowReduce(_ op: Op, _ dst: Tile, _ src: Tile, _ tmp: Tile, _ label: StaticString, _ detail: Int) {
        guard let d = vec(dst, "dst", op, label, detail), let s = vec(src, "src", op, label, detail),
              let t = operand(tmp, "tmp", in: [.ub], op, label, detail) else { return }
        guard dst.validRows == src.validRows, dst.validCols == 1 else {
            reject(op, label, detail, "dst valid shape \(dst.validRows)x\(dst.validCols) must be a column of "
                + "\(src.validRows) rows (src is \(src.validRows)x\(src.validCols))")
            return
        }
        submit(.rowReduce(dst: d, src: s, tmp: t), pipe: .v, op: op, label: label, detail: detail)
    }

    private func rowExpand(_ op: Op, _ dst: Tile, _ src: Tile, _ col: Tile, _ label: StaticString, _ detail: Int) {
        guard let d = vec(dst, "dst", op, label, detail), let s = vec(src, "src", op, label, detail),
              let c = vec(col, "col", op, label, detail),
              sameShape(dst, "dst", src, "src", layout: false, op, label, detail) else { return }
        guard col.validRows == src.validRows, col.validCols == 1 else {
            reject(op, label, detail, "col valid shape \(col.validRows)x\(col.validCols) must be a column of "
                + "\(src.validRows) rows")
            return
        }
        submit(.rowExpand(dst: d, src: s, col: c), pipe: .v, op: op, label: label, detail: detail)
    }
}
