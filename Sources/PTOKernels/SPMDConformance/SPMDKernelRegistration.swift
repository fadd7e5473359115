import PTOCore
import PTORuntime

/// Registers the conformance kernels on a `KernelHost` under the func_ids a scene's `incores` list gives them. A MIX
/// triple runs its three programs together on one PTOCore cluster; an AIV kernel runs on one vector core. `dropped`:
/// `dcci` labels to leave out (`--drop-sync`).
public enum SPMDKernelRegistration {
    /// `spmd_basic`'s context readers: the AIC reader under `aic`, the AIV reader under `aiv0` and `aiv1`.
    public static func contextReaders(on host: KernelHost, aic: Int, aiv0: Int, aiv1: Int,
                                      dropped: Set<String> = []) {
        host.registerMix(MixedKernels(aic: aic, aiv0: aiv0, aiv1: aiv1)) { block, gm in
            ClusterPrograms(aic: SPMDContextReadAIC.program(try slot(block, .aic), gm, dropped: dropped),
                            aiv0: SPMDContextReadAIV.program(try slot(block, .aiv0), gm, dropped: dropped),
                            aiv1: SPMDContextReadAIV.program(try slot(block, .aiv1), gm, dropped: dropped))
        }
    }

    /// The MIX slot writers (`kernel_spmd_mix.cpp`): the AIC writer under `aic`, the AIV writer under `aiv0` and
    /// `aiv1`.
    public static func mixWriters(on host: KernelHost, aic: Int, aiv0: Int, aiv1: Int,
                                  dropped: Set<String> = []) {
        host.registerMix(MixedKernels(aic: aic, aiv0: aiv0, aiv1: aiv1)) { block, gm in
            ClusterPrograms(aic: SPMDMixWriteAIC.program(try slot(block, .aic), gm, dropped: dropped),
                            aiv0: SPMDMixWriteAIV.program(try slot(block, .aiv0), gm, dropped: dropped),
                            aiv1: SPMDMixWriteAIV.program(try slot(block, .aiv1), gm, dropped: dropped))
        }
    }

    /// The AIV block writer (`kernel_spmd_write.cpp`) under `id`.
    public static func blockWriterAIV(on host: KernelHost, id: Int, dropped: Set<String> = []) {
        host.registerAIV(id) { block, gm in SPMDBlockWriteAIV.program(block, gm, dropped: dropped) }
    }

    private static func slot(_ block: ClusterBlock, _ slot: MixSlot) throws -> BlockContext {
        guard let context = block.context(slot) else {
            throw RuntimeError.kernelFailed(task: block.task, kernels: block.kernels, blockIdx: block.blockIdx,
                                            message: "the MIX block has no \(slot.rawValue) kernel")
        }
        return context
    }
}
