import PTOCore
import PTORuntime

/// simpler's `spmd_multiblock_mix/kernels/aic/kernel_spmd_mix.cpp` — built again, unchanged, by spmd_sync_start,
/// spmd_sync_start_edge, spmd_sync_start_stress and spmd_starvation, and identical instruction for instruction to
/// `spmd_batch_dispatch_oob/kernels/aic/kernel_write.cpp`. The cube core of a MIX block stores `float(block_idx)` to
/// the first element of cache line `base_cl + 3·block_idx` (scalar argument 0 is `base_cl`), then flushes the line.
public enum SPMDMixWriteAIC {
    /// The program one block runs.
    public static func program(_ block: BlockContext, _ gm: GMBinder) -> ScalarStoreProgram {
        let line = block.int(0) + block.blockIdx * SPMDCacheLines.slotsPerMixBlock
        return ScalarStoreProgram(block.tensor(0), gm, elements: [line * SPMDCacheLines.floatsPerLine],
                                  values: [Float(block.blockIdx)], store: "spmd_mix.aic.store",
                                  flush: "spmd_mix.aic.dcci")
    }
}
