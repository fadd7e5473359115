import PTORuntime

/// The four in-core kernels both unroll scenes register (simpler's `incores`; the two scenes' kernel sources are
/// the same instructions: their only textual difference is spelling the exit drain out instead of calling the
/// helper that issues it).
public enum PagedAttentionUnrollKernels {
    /// Registers QK (AIC, 0), softmax (AIV, 1), PV (AIC, 2) and online update (AIV, 3) on `host`.
    public static func register(on host: KernelHost) {
        typealias K = PagedAttentionUnrollOrchestration.Kernel
        host.registerAIC(K.qkMatmul.rawValue) { UnrollQKMatmul($0, $1) }
        host.registerAIV(K.softmaxPrepare.rawValue) { UnrollSoftmaxPrepare($0, $1) }
        host.registerAIC(K.pvMatmul.rawValue) { UnrollPVMatmul($0, $1) }
        host.registerAIV(K.onlineUpdate.rawValue) { UnrollOnlineUpdate($0, $1) }
    }
}
