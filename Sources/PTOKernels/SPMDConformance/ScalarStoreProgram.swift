import PTOCore
import PTORuntime

/// The instruction stream every kernel of simpler's SPMD conformance tests issues: a few scalar stores of fp32 values
/// straight to GM (`out[i] = (float)x` through a `__gm__ float *`), then one `dcci` of the cache line holding the
/// first of them, so the host sees the values. No tile, no DMA, no event: the scalar unit does it all in order.
///
/// The `dcci` can be dropped by its label (`--drop-sync`, applied by the launch's host like any sync): the stores
/// then stay in the core's data cache and never reach GM, which is what the hardware's host would see.
public struct ScalarStoreProgram: CoreProgram {
    /// Elements written, in program order, each a 1 x 1 fp32 view.
    public let cells: [GMView]
    /// The value stored to each cell.
    public let values: [Float]
    let storeLabel: StaticString
    let flushLabel: StaticString
    private var done = false

    /// Stores `values[i]` to element `elements[i]` of `tensor` (counted from the tensor view's start), then flushes
    /// the line of the first element.
    init(_ tensor: ChipTensor, _ gm: GMBinder, elements: [Int], values: [Float], store: StaticString,
         flush: StaticString) {
        cells = elements.map { gm.view(tensor, element: $0, rows: 1, cols: 1, rowStride: 1, .f32) }
        self.values = values
        storeLabel = store
        flushLabel = flush
    }

    public mutating func step(_ core: CoreIssuer) throws -> Bool {
        guard !done, let first = cells.first else { return false }
        for (i, cell) in cells.enumerated() {
            core.scalarStore(cell, values[i], label: storeLabel, detail: cells.count > 1 ? i : -1)
        }
        core.dcci(first, label: flushLabel)
        done = true
        return true
    }
}

/// The layout constants the conformance kernels share: a 64-byte cache line holds 16 fp32 values, and a MIX block
/// owns three consecutive lines (AIC, AIV0, AIV1) so no two cores ever write the same line.
public enum SPMDCacheLines {
    /// fp32 values per 64-byte cache line.
    public static let floatsPerLine = 16
    /// Cache lines a MIX block writes: one per core of its cluster.
    public static let slotsPerMixBlock = 3
}
