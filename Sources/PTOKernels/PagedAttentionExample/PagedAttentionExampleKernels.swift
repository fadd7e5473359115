import PTOCore
import PTORuntime

/// paged_attention's in-core kernels (simpler's `incores`), by func_id: 0 `aic_qk_matmul` (AIC),
/// 1 `aiv_softmax_prepare` (AIV), 2 `aic_pv_matmul` (AIC), 3 `aiv_online_update` (AIV); each task handles one head
/// tile of one request and one KV block.
public enum PagedAttentionExampleKernels {
    public static let qkMatmul = 0, softmaxPrepare = 1, pvMatmul = 2, onlineUpdate = 3

    /// Registers the four kernels on `host`.
    public static func register(on host: KernelHost) {
        host.registerAIC(qkMatmul) { block, gm in ExamplePAQKMatmul(block, gm) }
        host.registerAIV(softmaxPrepare) { block, gm in ExamplePASoftmaxPrepare(block, gm) }
        host.registerAIC(pvMatmul) { block, gm in ExamplePAPVMatmul(block, gm) }
        host.registerAIV(onlineUpdate) { block, gm in ExamplePAOnlineUpdate(block, gm) }
    }
}
