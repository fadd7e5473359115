/// A registered GM buffer: a tensor the runtime hands the kernel, or a FIFO ring. `base` is its address in PTOSim's
/// single flat GM address space, which the race checker and traces use to compare accesses across buffers.
public struct GMBuffer: Sendable, Equatable {
    /// Index in the owning `GlobalMemory`.
    public let id: Int
    /// Flat GM address of byte 0.
    public let base: Int
    /// Size in bytes.
    public let byteCount: Int

    // Only GlobalMemory mints buffers, so `byteCount` can be trusted for bounds checks.
    init(id: Int, base: Int, byteCount: Int) {
        self.id = id
        self.base = base
        self.byteCount = byteCount
    }
}

/// A 2-D view of GM (pto-isa `GlobalTensor` with an ND layout): `rows x cols` elements starting at byte `offset`
/// inside `buffer`, consecutive rows `rowStride` elements apart.
///
/// A column-major tile pairs with a view whose rows are the tile's columns (the DN layout): the view's row j fills
/// the tile's column j. That is how a K block stored row-major as `[N x 128]` in GM becomes a `128 x N` tile.
public struct GMView: Sendable, Equatable {
    public var buffer: GMBuffer
    /// Byte offset of element (0, 0) inside `buffer`.
    public var offset: Int
    public var rows: Int
    public var cols: Int
    /// Distance between consecutive rows, in elements.
    public var rowStride: Int
    public var dtype: ElementType

    public init(_ buffer: GMBuffer, offset: Int, rows: Int, cols: Int, rowStride: Int, _ dtype: ElementType) {
        self.buffer = buffer
        self.offset = offset
        self.rows = rows
        self.cols = cols
        self.rowStride = rowStride
        self.dtype = dtype
    }

    /// Bytes from the first to one past the last element the view touches.
    public var extentBytes: Int { rows <= 0 || cols <= 0 ? 0 : ((rows - 1) * rowStride + cols) * dtype.size }
}
