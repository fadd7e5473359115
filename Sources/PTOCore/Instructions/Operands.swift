/// A tile as an instruction carries it: 24 trivially copyable bytes, so queued instructions hold no references.
struct TileOperand: Equatable {
    var address: Int32
    var rows: Int32
    var cols: Int32
    var validRows: Int32
    var validCols: Int32
    var space: Space
    var dtype: ElementType
    var layout: TileLayout

    init(_ tile: Tile) {
        address = Int32(truncatingIfNeeded: tile.address)
        rows = Int32(truncatingIfNeeded: tile.rows)
        cols = Int32(truncatingIfNeeded: tile.cols)
        validRows = Int32(truncatingIfNeeded: tile.validRows)
        validCols = Int32(truncatingIfNeeded: tile.validCols)
        space = tile.space
        dtype = tile.dtype
        layout = tile.layout
    }

    @inline(__always) var byteAddress: Int { Int(address) }
    @inline(__always) var elementCount: Int { Int(rows) * Int(cols) }

    /// Number of elements per storage line (a row when rowMajor, a column when colMajor) in the valid region.
    @inline(__always) var lineLength: Int { layout == .rowMajor ? Int(validCols) : Int(validRows) }
    /// Number of storage lines in the valid region.
    @inline(__always) var lineCount: Int { layout == .rowMajor ? Int(validRows) : Int(validCols) }
    /// Elements between consecutive storage lines.
    @inline(__always) var lineStride: Int { layout == .rowMajor ? Int(cols) : Int(rows) }
    /// Whether the valid region is one contiguous run of elements.
    @inline(__always) var isDense: Bool { lineLength == lineStride || lineCount == 1 }

    /// Element offset of logical (r, c).
    @inline(__always) func offset(_ r: Int, _ c: Int) -> Int {
        layout == .rowMajor ? r * Int(cols) + c : c * Int(rows) + r
    }

    /// The bytes the valid region spans, from its first to one past its last element.
    var footprint: MemoryRange {
        let last = offset(Int(validRows) - 1, Int(validCols) - 1)
        return MemoryRange(space: space, offset: byteAddress, bytes: (last + 1) * dtype.size)
    }
}

/// A GM view as an instruction carries it: the buffer is named by id, resolved to a pointer when the effect runs.
struct GMOperand: Equatable {
    var bufferID: Int32
    var rows: Int32
    var cols: Int32
    var rowStride: Int32
    /// Byte offset inside the buffer.
    var offset: Int
    /// Flat GM address of element (0, 0).
    var address: Int
    var dtype: ElementType

    init(_ view: GMView) {
        bufferID = Int32(truncatingIfNeeded: view.buffer.id)
        rows = Int32(truncatingIfNeeded: view.rows)
        cols = Int32(truncatingIfNeeded: view.cols)
        rowStride = Int32(truncatingIfNeeded: view.rowStride)
        offset = view.offset
        address = view.buffer.base + view.offset
        dtype = view.dtype
    }

    var footprint: MemoryRange {
        MemoryRange(space: .gm, offset: address, bytes: ((Int(rows) - 1) * Int(rowStride) + Int(cols)) * dtype.size)
    }
}
