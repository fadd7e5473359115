/// Element types PTOSim's host tensors carry: those that cross the chip's GM boundary in the ported scenes.
public enum DType: String, Sendable, CaseIterable {
    /// bfloat16, stored as raw UInt16 bits (query, key_cache, value_cache; pij on the chip).
    case bf16
    /// IEEE fp32 (scores, outputs, the cube's accumulator).
    case f32
    /// 32-bit signed integer (block_table, context_lens).
    case i32
    /// 64-bit signed integer (benchmark_bgemm's `config`, read by the orchestration and the kernels' scalar units).
    case i64

    /// Bytes per element.
    @inlinable public var size: Int {
        switch self {
        case .bf16: return 2
        case .f32, .i32: return 4
        case .i64: return 8
        }
    }
}
