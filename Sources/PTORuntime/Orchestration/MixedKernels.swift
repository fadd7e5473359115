/// The kernels of one task, one per core slot of a cluster (simpler's `MixedKernels`): `aic` runs on the cube core,
/// `aiv0`/`aiv1` on the two vector cores. `-1` (`MixedKernels.inactive`) leaves a slot unused.
///
/// The active slots decide the task's resource shape: only AIC → an AIC task (one AIC per block); one AIV slot → an
/// AIV task (one AIV per block, a lone `aiv1` is normalised to `aiv0`); two or more → a MIX task (one whole cluster per
/// block, every active slot running the same block index); none → a dependency-only DUMMY task.
public struct MixedKernels: Hashable, Sendable, CustomStringConvertible {
    /// The id of an unused slot (`INVALID_KERNEL_ID`).
    public static let inactive = -1

    /// Kernel on the cube core, or -1.
    public var aic: Int
    /// Kernel on vector lane 0, or -1.
    public var aiv0: Int
    /// Kernel on vector lane 1, or -1.
    public var aiv1: Int

    /// Creates a kernel triple; unspecified slots are inactive.
    public init(aic: Int = MixedKernels.inactive, aiv0: Int = MixedKernels.inactive,
                aiv1: Int = MixedKernels.inactive) {
        self.aic = aic
        self.aiv0 = aiv0
        self.aiv1 = aiv1
    }

    /// Number of active slots (simpler's popcount of the active mask).
    public var activeCount: Int { [aic, aiv0, aiv1].filter { $0 >= 0 }.count }

    /// The resource shape the active slots imply.
    public var shape: ResourceShape {
        switch activeCount {
        case 0: return .dummy
        case 1: return aic >= 0 ? .aic : .aiv
        default: return .mix
        }
    }

    /// The triple as dispatched: a single-AIV task always runs its kernel in the `aiv0` slot.
    var normalized: MixedKernels {
        if shape == .aiv && aiv0 < 0 { return MixedKernels(aiv0: aiv1) }
        return self
    }

    public var description: String {
        func s(_ id: Int) -> String { id >= 0 ? "\(id)" : "-" }
        return "(aic \(s(aic)), aiv0 \(s(aiv0)), aiv1 \(s(aiv1)))"
    }
}

/// What one block of a task occupies on the chip.
public enum ResourceShape: String, Sendable, CaseIterable, CustomStringConvertible {
    /// One AIC core per block.
    case aic
    /// One AIV core per block.
    case aiv
    /// One whole cluster (AIC + both AIVs) per block.
    case mix
    /// No core: completed by the scheduler as soon as its dependencies are.
    case dummy

    public var description: String { rawValue.uppercased() }
}

/// SPMD launch parameters of a task (simpler's `LaunchSpec`).
public struct LaunchSpec: Sendable, Equatable {
    /// Blocks of the task; each block runs the kernels once with its own `blockIdx`. At least 1.
    public var blockNum: Int
    /// All blocks must hold their cores at the same moment before any runs (a co-resident cohort). Honoured only
    /// when `blockNum > 1`; `blockNum` may then not exceed the chip's clusters (AIC, MIX) or AIV cores (AIV).
    public var requireSyncStart: Bool

    /// One block, no cohort requirement.
    public init(blockNum: Int = 1, requireSyncStart: Bool = false) {
        self.blockNum = blockNum
        self.requireSyncStart = requireSyncStart
    }
}
