import PTOCore
import PTORuntime

/// Registers the conformance kernels on a `KernelHost` under the func_ids a scene's `incores` list gives them. A MIX
/// triple runs its three programs together on one PTOCore cluster; an AIV kernel runs on one vector core. A `dcci`
/// label in `--drop-sync` is left out by the host (`LaunchSyncs`).
public enum SPMDKernelRegistration {
    /// `spmd_basic`'s context readers: the AIC reader under `aic`, the AIV reader under `aiv0` and `aiv1`.
    public static func contextReaders(on host: KernelHost, aic: Int, aiv0: Int, aiv1: Int) {
        host.registerMix(MixedKernels(aic: aic, aiv0: aiv0, aiv1: aiv1)) { block, gm in
            ClusterPrograms(aic: SPMDContextReadAIC.program(try slot(block, .aic), gm),
                            aiv0: SPMDContextReadAIV.program(try slot(block, .aiv0), gm),
                            aiv1: SPMDContextReadAIV.program(try slot(block, .aiv1), gm))
        }
    }

    /// The MIX slot writers (`kernel_spmd_mix.cpp`): the AIC writer under `aic`, the AIV writer under `aiv0` and
    /// `aiv1`.
    public static func mixWriters(on host: KernelHost, aic: Int, aiv0: Int, aiv1: Int) {
        host.registerMix(MixedKernels(aic: aic, aiv0: aiv0, aiv1: aiv1)) { block, gm in
            ClusterPrograms(aic: SPMDMixWriteAIC.program(try slot(block, .aic), gm),
                            aiv0: SPMDMixWriteAIV.program(try slot(block, .aiv0), gm),
                            aiv1: SPMDMixWriteAIV.program(try slot(block, .aiv1), gm))
        }
    }

    /// The AIV block writer (`kernel_spmd_write.cpp`) under `id`.
    public static func blockWriterAIV(on host: KernelHost, id: Int) {
        host.registerAIV(id) { block, gm in SPMDBlockWriteAIV.program(block, gm) }
    }

    private static func slot(_ block: ClusterBlock, _ slot: MixSlot) throws -> BlockContext {
        guard let context = block.context(slot) else {
            throw RuntimeError.kernelFailed(task: block.task, kernels: block.kernels, blockIdx: block.blockIdx,
                                            message: "the MIX block has no \(slot.rawValue) kernel")
        }
        return context
    }
}
