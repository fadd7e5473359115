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

    /// The three FIFOs of hardware block `hw` as every core of the block constructs them (simpler's `TPipe`
    /// objects in `run_aic`/`run_aiv`): the block's own GM slots, and the consumer's local landing slots.
    func pipes(hardwareBlock hw: Int) -> (sij: TPipe, pij: TPipe, oi: TPipe) {
        let cfg = config
        return (TPipe(flag: PAConfig.sijFlag, direction: .c2v, slotSize: cfg.sijSlotSize, gm: sijFifo,
                      gmOffset: hw * PAConfig.sijHardwareStride, localBase: cfg.sijUBBase),
                TPipe(flag: PAConfig.pijFlag, direction: .v2c, slotSize: cfg.pijSlotSize, gm: pijFifo,
                      gmOffset: hw * PAConfig.pijHardwareStride, localBase: cfg.pijL1Base),
                TPipe(flag: PAConfig.oiFlag, direction: .c2v, slotSize: cfg.oiSlotSize, gm: oiFifo,
                      gmOffset: hw * PAConfig.oiHardwareStride, localBase: cfg.oiUBBase))
    }
}
