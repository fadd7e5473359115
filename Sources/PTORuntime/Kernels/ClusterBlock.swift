/// One block of a MIX task, handed to a cluster-block hook with exclusive use of one whole cluster.
///
/// On the chip a MIX block runs the AIC kernel and both AIV kernels at once on one cluster, all with the same block
/// index and arguments; the three programs talk through the cluster's FIFOs (TPUSH/TPOP). The runtime cannot run
/// such programs one after another, so it hands the block to a hook that runs them together (PTOKernels runs them as
/// a PTOCore cluster). The runtime guarantees: the cluster is fully idle when the block is placed, no other block
/// (MIX or single-core) runs on any of its three cores until the hook returns, and consecutive blocks on the same
/// cluster are ordered (everything one hook call did happens before the next call for that cluster starts).
public struct ClusterBlock: Sendable {
    /// The MIX task.
    public let task: TaskID
    /// The kernel triple (`-1` for an inactive slot).
    public let kernels: MixedKernels
    /// Cluster index in `0..<clusters`.
    public let cluster: Int
    /// The block index shared by all three programs.
    public let blockIdx: Int
    /// The task's block count.
    public let blockNum: Int
    /// Tensor arguments in add order (runtime-allocated outputs materialised).
    public let tensors: [ChipTensor]
    /// Scalar arguments.
    public let scalars: [UInt64]

    /// The per-core context the program in `slot` sees, or nil if that slot is inactive.
    public func context(_ slot: MixSlot) -> BlockContext? {
        let kernel: Int
        let core: CoreID
        switch slot {
        case .aic: (kernel, core) = (kernels.aic, CoreID(.aic, cluster))
        case .aiv0: (kernel, core) = (kernels.aiv0, CoreID(.aiv, 2 * cluster))
        case .aiv1: (kernel, core) = (kernels.aiv1, CoreID(.aiv, 2 * cluster + 1))
        }
        guard kernel >= 0 else { return nil }
        return BlockContext(task: task, tensors: tensors, scalars: scalars, blockIdx: blockIdx, blockNum: blockNum,
                            subBlockId: core.lane, core: core, kernel: kernel)
    }
}

/// The three core slots of a cluster.
public enum MixSlot: String, Sendable, CaseIterable {
    case aic, aiv0, aiv1
}

/// Runs one MIX block on its cluster. Throwing fails the run with `RuntimeError.kernelFailed`.
public typealias ClusterBlockHook = @Sendable (ClusterBlock) throws -> Void
