/// What a kernel body sees when one block of its task runs on one core: the task's arguments as submitted (tensors
/// in add order with runtime-allocated outputs materialised, then scalars) and the SPMD accessors of simpler's
/// `intrinsic.h` — `get_block_idx(args)` is `blockIdx`, `get_block_num(args)` is `blockNum`,
/// `get_sub_block_id(args)` is `subBlockId`.
public struct BlockContext: Sendable {
    /// The task this block belongs to.
    public let task: TaskID
    /// Tensor arguments in add order.
    public let tensors: [ChipTensor]
    /// Scalar arguments in add order, as raw 64-bit values.
    public let scalars: [UInt64]
    /// This block's index in `0..<blockNum`.
    public let blockIdx: Int
    /// The task's block count.
    public let blockNum: Int
    /// The vector lane (0 = AIV0, 1 = AIV1) of the core running this program; 0 on the AIC. Fixed per physical core,
    /// so it is meaningful for the AIV slots of a MIX task (and reports the physical lane for a plain AIV task).
    public let subBlockId: Int
    /// The core this program runs on.
    public let core: CoreID
    /// The kernel id this body was registered under.
    public let kernel: Int

    /// The simulated cluster this program runs on.
    public var cluster: Int { core.cluster }

    /// The i-th tensor argument.
    public func tensor(_ i: Int) -> ChipTensor { tensors[i] }
    /// The i-th scalar's raw bits.
    public func scalar(_ i: Int) -> UInt64 { scalars[i] }
    /// The i-th scalar as a signed integer.
    public func int(_ i: Int) -> Int { Int(Int64(bitPattern: scalars[i])) }
    /// The i-th scalar as a float (its low 32 bits, as added by `TaskArgs.addScalar(Float)`).
    public func float(_ i: Int) -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: scalars[i])) }
}

/// A kernel program for one core: runs one block. Throwing fails the run with `RuntimeError.kernelFailed`.
public typealias KernelBody = @Sendable (BlockContext) throws -> Void
