import PTOCore

/// A run of consecutive dense square fp32 tiles in GM, as the tile kernels address them: a kernel takes the base
/// pointer of its tensor argument (buffer address + `start_offset`) and steps `tile · tile` elements per tile, each
/// tile row-major with row stride `tile`.
public struct GMTileRun: Sendable {
    /// The buffer holding the tensor.
    public let buffer: GMBuffer
    /// Element index of the first tile's first element inside the buffer.
    public let firstElement: Int
    /// Tile edge.
    public let tile: Int

    public init(_ buffer: GMBuffer, firstElement: Int, tile: Int) {
        self.buffer = buffer
        self.firstElement = firstElement
        self.tile = tile
    }

    /// The GM view of tile `index` (a `GlobalTensor<float, Shape<1,1,1,T,T>, Stride<…,T,1>>`).
    public func view(_ index: Int) -> GMView {
        GMView(buffer, offset: (firstElement + index * tile * tile) * 4, rows: tile, cols: tile, rowStride: tile, .f32)
    }
}
