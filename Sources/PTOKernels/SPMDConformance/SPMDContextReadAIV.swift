import PTOCore
import PTORuntime

/// simpler's `spmd_basic/kernels/aiv/kernel_spmd_read.cpp`, a vector core of a MIX block reporting its SPMD context:
/// `get_block_idx`, `get_block_num` and `get_sub_block_id` as fp32 into the first three elements of cache line
/// `1 + sub_block_id` of the output (line 0 is the AIC's), then a `dcci` of that line. Registered twice, as the
/// AIV0 and AIV1 kernels of the task.
public enum SPMDContextReadAIV {
    /// The program one block runs on the lane `block.subBlockId`.
    public static func program(_ block: BlockContext, _ gm: GMBinder) -> ScalarStoreProgram {
        let base = (1 + block.subBlockId) * SPMDCacheLines.floatsPerLine
        return ScalarStoreProgram(block.tensor(0), gm, elements: [base, base + 1, base + 2],
                                  values: [Float(block.blockIdx), Float(block.blockNum), Float(block.subBlockId)],
                                  store: "spmd_read.aiv.store", flush: "spmd_read.aiv.dcci")
    }
}
