import PTOCore
import PTORuntime

/// simpler's `spmd_multiblock_aiv/kernels/aiv/kernel_spmd_write.cpp`, also built by spmd_sync_start_aiv and
/// spmd_sync_start_stress: one block of an AIV-only task stores `float(block_idx)` to the first element of cache line
/// `base_cl + block_idx` (scalar argument 0 is `base_cl`), then flushes the line.
public enum SPMDBlockWriteAIV {
    /// The program one block runs.
    public static func program(_ block: BlockContext, _ gm: GMBinder) -> ScalarStoreProgram {
        let line = block.int(0) + block.blockIdx
        return ScalarStoreProgram(block.tensor(0), gm, elements: [line * SPMDCacheLines.floatsPerLine],
                                  values: [Float(block.blockIdx)], store: "spmd_write.aiv.store",
                                  flush: "spmd_write.aiv.dcci")
    }
}
