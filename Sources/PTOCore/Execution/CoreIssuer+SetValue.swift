/// Scalar writes into a local tile.
extension CoreIssuer {
    /// `tile.SetValue(index, value)`: the scalar unit stores `value` into element `index` of `tile`'s storage
    /// (bf16 tiles get it rounded to nearest even). It runs on pipe S, so everything issued after it is ordered after
    /// it, but it is not ordered after earlier work of the other pipes unless a sync says so (a WAR against a
    /// pending TSTORE of the same tile is a hazard).
    public func tsetValue(_ tile: Tile, _ index: Int, _ value: Float, label: StaticString = "", detail: Int = -1) {
        guard let t = operand(tile, "dst", in: [.ub, .l1], .setValue, label, detail) else { return }
        guard (0..<(tile.rows * tile.cols)).contains(index) else {
            reject(.setValue, label, detail, "index \(index) outside the \(tile.rows * tile.cols) elements of \(tile.summary)")
            return
        }
        var element = t
        element.address = Int32(truncatingIfNeeded: tile.address + index * tile.dtype.size)
        (element.rows, element.cols, element.validRows, element.validCols) = (1, 1, 1, 1)
        element.layout = .rowMajor
        submit(.fill(dst: element, value: value), pipe: .s, op: .setValue, label: label, detail: detail)
    }
}
