import PTOCore
import PTONumerics

/// What the MixedKernels task hands each core of the paged-attention kernel (simpler's `args[0..16]`): the GM
/// buffers, the two scalar tables the scalar unit reads (block_table, context_lens), and the scalars.
public struct PagedAttentionArgs: @unchecked Sendable {
    public var query: GMBuffer          // [batch·num_heads, 128] bf16
    public var keyCache: GMBuffer       // [total_blocks·block_size, 128] bf16
    public var valueCache: GMBuffer     // [total_blocks·block_size, 128] bf16
    public var out: GMBuffer            // [batch·num_heads, 128] f32
    public var sijFifo: GMBuffer, pijFifo: GMBuffer, oiFifo: GMBuffer
    /// Read by the scalar unit (PIPE_S GM loads); read-only for the whole run.
    public var blockTable: UnsafePointer<Int32>
    public var contextLens: UnsafePointer<Int32>
    public var scale: Float
    public var numHeads: Int
    public var blockSize: Int
    public var maxBlocksPerRequest: Int
    public var qLoop: Int
    public var totalLogicalBlocks: Int
    public var config: PAConfig

    /// KV blocks of request `batch` (ceil(context_len / block_size)).
    @inline(__always) func kvBlocks(batch: Int) -> Int {
        let ctx = Int(contextLens[batch])
        return ctx <= 0 ? 0 : (ctx + blockSize - 1) / blockSize
    }

    /// Tokens in the last KV block of request `batch`.
    @inline(__always) func validLenOfLast(batch: Int) -> Int {
        let ctx = Int(contextLens[batch]), n = kvBlocks(batch: batch)
        let rest = ctx - (n - 1) * blockSize
        return rest >= blockSize ? blockSize : max(rest, 0)
    }

    @inline(__always) func blockId(batch: Int, _ i: Int) -> Int { Int(blockTable[batch * maxBlocksPerRequest + i]) }
}
