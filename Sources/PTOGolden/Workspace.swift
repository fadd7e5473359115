import PTONumerics
import PTOCases

/// Per-thread scratch buffers for the reference computations, allocated once per worker and reused for every
/// request (fresh allocations per request would page-fault their way through the whole run).
final class Workspace: @unchecked Sendable {
    private var buffers: [UnsafeMutablePointer<Float>] = []

    private func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
        let p = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        p.initialize(repeating: 0, count: max(count, 1))
        buffers.append(p)
        return p
    }

    deinit { for p in buffers { p.deallocate() } }

    // Shared by both formulations.
    private(set) var query: UnsafeMutablePointer<Float>!  // q rows × headDim
    private(set) var scores: UnsafeMutablePointer<Float>! // q rows × tokens
    private(set) var probs: UnsafeMutablePointer<Float>!  // q rows × blockSize
    private(set) var blockOut: UnsafeMutablePointer<Float>! // q rows × headDim
    private(set) var accOut: UnsafeMutablePointer<Float>!   // rows × headDim (golden: all heads; kernel: q tile)
    private(set) var rowMax: UnsafeMutablePointer<Float>!
    private(set) var rowSum: UnsafeMutablePointer<Float>!
    private(set) var tileMax: UnsafeMutablePointer<Float>!  // one block's per-row max (or the kernel's alpha)
    private(set) var tileSum: UnsafeMutablePointer<Float>!  // one block's per-row sum
    private(set) var blockMax: UnsafeMutablePointer<Float>! // kernel: one block's unscaled per-row max
    private(set) var keys: UnsafeMutablePointer<Float>!   // golden: tokens × headDim; kernel: blockSize × headDim
    private(set) var values: UnsafeMutablePointer<Float>! // golden: tokens × headDim; kernel: blockSize × headDim
    /// Golden: most tokens gathered per chunk.
    private(set) var chunkTokens = 0

    /// The golden works on head tiles of up to 128 rows (as simpler's does) and on chunks of up to 8192 tokens.
    static func golden(_ p: PagedAttentionParams) -> Workspace {
        let w = Workspace()
        let rows = min(p.numHeads, GoldenFormulation.maxTileRows)
        w.chunkTokens = max(p.blockSize, GoldenFormulation.chunkTokens / p.blockSize * p.blockSize)
        w.query = w.buffer(rows * p.headDim)
        w.scores = w.buffer(rows * w.chunkTokens)
        w.probs = w.buffer(rows * p.blockSize)
        w.blockOut = w.buffer(rows * p.headDim)
        w.accOut = w.buffer(p.numHeads * p.headDim)
        w.rowMax = w.buffer(p.numHeads)
        w.rowSum = w.buffer(p.numHeads)
        w.tileMax = w.buffer(rows)
        w.tileSum = w.buffer(rows)
        w.keys = w.buffer(w.chunkTokens * p.headDim)
        w.values = w.buffer(w.chunkTokens * p.headDim)
        return w
    }

    /// The kernel formulation works on one q tile and one KV block at a time, like the chip.
    static func kernel(_ p: PagedAttentionParams) -> Workspace {
        let w = Workspace()
        let rows = p.qTile
        w.query = w.buffer(rows * p.headDim)
        w.scores = w.buffer(rows * p.blockSize)
        w.probs = w.buffer(rows * p.blockSize)
        w.blockOut = w.buffer(rows * p.headDim)
        w.accOut = w.buffer(rows * p.headDim)
        w.rowMax = w.buffer(rows)
        w.rowSum = w.buffer(rows)
        w.tileMax = w.buffer(rows)
        w.tileSum = w.buffer(rows)
        w.blockMax = w.buffer(rows)
        w.keys = w.buffer(p.headDim * p.blockSize)
        w.values = w.buffer(p.blockSize * p.headDim)
        return w
    }
}
