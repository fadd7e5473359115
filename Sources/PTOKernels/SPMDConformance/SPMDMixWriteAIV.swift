import PTOCore
import PTORuntime

/// simpler's `spmd_multiblock_mix/kernels/aiv/kernel_spmd_mix.cpp` (shared like its AIC partner, and identical to
/// `spmd_batch_dispatch_oob/kernels/aiv/kernel_write.cpp`): a vector core of a MIX block stores `float(block_idx)` to
/// the first element of cache line `base_cl + 3·block_idx + 1 + sub_block_id`, then flushes the line. Registered as
/// both the AIV0 and the AIV1 kernel.
public enum SPMDMixWriteAIV {
    /// The program one block runs on the lane `block.subBlockId`.
    public static func program(_ block: BlockContext, _ gm: GMBinder) -> ScalarStoreProgram {
        let line = block.int(0) + block.blockIdx * SPMDCacheLines.slotsPerMixBlock + 1 + block.subBlockId
        return ScalarStoreProgram(block.tensor(0), gm, elements: [line * SPMDCacheLines.floatsPerLine],
                                  values: [Float(block.blockIdx)], store: "spmd_mix.aiv.store",
                                  flush: "spmd_mix.aiv.dcci")
    }
}
