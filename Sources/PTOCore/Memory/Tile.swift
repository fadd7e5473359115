/// Storage order of a tile's elements in its scratchpad image.
///
/// `rowMajor`: element (r, c) sits at byte `(r * cols + c) * size`. `colMajor`: at `(c * rows + r) * size`.
/// A K tile loaded from the DN (transposed) view of a row-major `[N x 128]` key block is logically `K x N` colMajor,
/// so its bytes equal the GM block and TLOAD is a straight copy. PTOSim does not model the cube's fractal (NZ/ZN)
/// orders: a tile's bytes are its logical elements in this simple order, which is all the kernel's data flow needs.
public enum TileLayout: Sendable, CustomStringConvertible {
    case rowMajor, colMajor

    public var description: String { self == .rowMajor ? "rowMajor" : "colMajor" }
}

/// A tile: a typed `rows x cols` window of one scratchpad at a byte address (pto-isa `Tile<TileType, ...>`).
///
/// The space follows the tile type: `.l1` is a Mat tile, `.l0a` Left, `.l0b` Right, `.l0c` Acc, `.ub` Vec. The
/// address is set by `CoreIssuer.tassign` (TASSIGN) or by TPOP, and rebound by `treshape`; until then it is -1.
/// `validRows x validCols` is the region instructions operate on (pto-isa's dynamic valid shape).
public struct Tile: Sendable, Equatable {
    /// The scratchpad the tile lives in.
    public var space: Space
    /// Static shape.
    public var rows: Int
    public var cols: Int
    /// Element type.
    public var dtype: ElementType
    /// Storage order.
    public var layout: TileLayout
    /// Byte offset inside the space, or -1 while unassigned.
    public var address: Int
    /// Valid region (defaults to the whole tile).
    public var validRows: Int
    public var validCols: Int

    /// A tile not yet bound to an address.
    public init(_ space: Space, rows: Int, cols: Int, _ dtype: ElementType, layout: TileLayout = .rowMajor,
                validRows: Int? = nil, validCols: Int? = nil) {
        self.space = space
        self.rows = rows
        self.cols = cols
        self.dtype = dtype
        self.layout = layout
        self.address = -1
        self.validRows = validRows ?? rows
        self.validCols = validCols ?? cols
    }

    /// Bytes the static shape occupies: `rows * cols * size`.
    public var byteCount: Int { rows * cols * dtype.size }

    /// Element offset of (r, c) inside the tile's image.
    @inlinable public func elementOffset(row r: Int, col c: Int) -> Int {
        layout == .rowMajor ? r * cols + c : c * rows + r
    }

    /// A short description for error messages: `UB f32 16x128 rowMajor @0x400`.
    public var summary: String {
        let valid = (validRows == rows && validCols == cols) ? "" : " valid \(validRows)x\(validCols)"
        let at = address < 0 ? "unassigned" : "@0x\(String(address, radix: 16))"
        return "\(space) \(dtype) \(rows)x\(cols)\(valid) \(layout) \(at)"
    }
}
