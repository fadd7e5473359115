import PTONumerics

/// `test_spmd_basic.py`'s golden: three cache lines (48 fp32). Line 0 (AIC): block_idx 0, block_num 1. Lines 1 and 2
/// (AIV0, AIV1): block_idx 0, block_num 1, then the lane's sub_block_id (0, then 1). Everything else stays zero.
public enum SPMDBasicGolden {
    /// fp32 elements of the output.
    public static let count = 3 * SPMDCacheLineGolden.floatsPerLine

    /// The expected output.
    public static func expected() -> Tensor {
        let out = Tensor(dtype: .f32, shape: [count])
        let line = SPMDCacheLineGolden.floatsPerLine
        out.f32[0] = 0
        out.f32[1] = 1
        for lane in 0..<2 {
            let base = (1 + lane) * line
            out.f32[base] = 0
            out.f32[base + 1] = 1
            out.f32[base + 2] = Float(lane)
        }
        return out
    }
}
