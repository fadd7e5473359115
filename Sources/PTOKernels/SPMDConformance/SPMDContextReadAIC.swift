import PTOCore
import PTORuntime

/// simpler's `spmd_basic/kernels/aic/kernel_spmd_read.cpp`, the cube core of a MIX block reporting its SPMD context:
/// `get_block_idx` and `get_block_num` as fp32 into elements 0 and 1 of cache line 0 of the output (tensor argument
/// 0), then a `dcci` of that line.
public enum SPMDContextReadAIC {
    /// The program one block runs.
    public static func program(_ block: BlockContext, _ gm: GMBinder) -> ScalarStoreProgram {
        ScalarStoreProgram(block.tensor(0), gm, elements: [0, 1],
                           values: [Float(block.blockIdx), Float(block.blockNum)],
                           store: "spmd_read.aic.store", flush: "spmd_read.aic.dcci")
    }
}
