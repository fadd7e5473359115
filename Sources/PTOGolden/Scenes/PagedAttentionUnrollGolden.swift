import PTONumerics
import PTOCases

/// The golden of `paged_attention_unroll` and `paged_attention_unroll_manual_scope`. Both tests import simpler's
/// shared paged-attention golden module, whose per-block online softmax `PagedAttentionReference.golden` already
/// follows, so this is that golden on the scenes' inputs. `kernelFormulation` is the unroll kernels' own arithmetic
/// (`PagedAttentionUnrollKernelFormulation`), for the exact check.
public enum PagedAttentionUnrollGolden {
    /// simpler's golden `out`, fp32 `[batch, num_heads, head_dim]`.
    public static func out(_ inputs: PagedAttentionInputs, workers: Int = Parallel.defaultWorkers) -> Tensor {
        PagedAttentionReference.golden(inputs, workers: workers)
    }

    /// `out` as the unroll kernels compute it, operation for operation, from the scene's arguments (`query`,
    /// `key_cache`, `value_cache`, `block_table`, `context_lens`; shapes from the tensors).
    public static func kernelFormulation(_ args: SceneArgs, scale: Float = 1.0) throws -> Tensor {
        try PagedAttentionUnrollKernelFormulation.out(args, scale: scale)
    }
}
