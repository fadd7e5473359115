/// How a task uses a tensor argument, which decides the dependencies it creates (simpler's `TensorArgType`).
public enum TensorDirection: String, Sendable, CaseIterable {
    /// Read-only: waits for earlier writers of overlapping regions (RAW).
    case input
    /// A fresh buffer the runtime allocates from the heap ring (a `TensorCreateInfo`).
    case output
    /// Write-only into an existing tensor: no lookup, becomes the region's latest writer.
    case outputExisting
    /// Read-then-write: waits for earlier writers (RAW/WAW) and becomes the latest writer.
    case `inout`
    /// Neither looked up nor recorded (only the creator edge of a runtime-allocated buffer is kept).
    case noDep
}

/// The arguments of one task submit (simpler's `CoreTaskArgs`): tensors tagged with their direction, then scalars,
/// optional explicit dependencies and the launch spec.
///
/// Like simpler's builder, mistakes (a tensor after a scalar, too many tensors or scalars, `blockNum < 1`) do not
/// trap here; they are remembered and the submit fails with `RuntimeError.invalidArguments`.
public struct TaskArgs: Sendable {
    /// Most tensor arguments per task (`CORE_MAX_TENSOR_ARGS`).
    public static let maxTensors = 32
    /// Most scalar arguments per task (`CORE_MAX_SCALAR_ARGS`).
    public static let maxScalars = 16

    enum Entry: Sendable {
        case existing(ChipTensor, TensorDirection)
        case create(TensorCreateInfo)
    }

    private(set) var tensors: [Entry] = []
    /// Scalars in add order, each as the 64 raw bits the kernel receives.
    public private(set) var scalars: [UInt64] = []
    /// Tasks this one must wait for in addition to those the TensorMap finds.
    public private(set) var explicitDependencies: [TaskID] = []
    /// SPMD width and cohort requirement.
    public var launchSpec = LaunchSpec()
    private(set) var firstError: String?

    /// Empty arguments.
    public init() {}

    /// Adds read-only tensors (INPUT).
    public mutating func addInput(_ ts: ChipTensor...) { for t in ts { add(.existing(t, .input)) } }
    /// Adds runtime-allocated outputs (OUTPUT); they come back in `TaskOutputs` in add order.
    public mutating func addOutput(_ infos: TensorCreateInfo...) { for i in infos { add(.create(i)) } }
    /// Adds existing tensors the task overwrites without reading (OUTPUT_EXISTING).
    public mutating func addOutput(_ ts: ChipTensor...) { for t in ts { add(.existing(t, .outputExisting)) } }
    /// Adds tensors the task reads and writes (INOUT).
    public mutating func addInout(_ ts: ChipTensor...) { for t in ts { add(.existing(t, .inout)) } }
    /// Adds tensors passed through without dependency tracking (NO_DEP).
    public mutating func addNoDep(_ ts: ChipTensor...) { for t in ts { add(.existing(t, .noDep)) } }

    /// Adds a scalar as its raw 64 bits.
    public mutating func addScalar(_ v: UInt64) { addRawScalar(v) }
    /// Adds a signed integer scalar (two's complement bits).
    public mutating func addScalar(_ v: Int) { addRawScalar(UInt64(bitPattern: Int64(v))) }
    /// Adds a float scalar: its 32 bits in the low half, as simpler bit-casts floats.
    public mutating func addScalar(_ v: Float) { addRawScalar(UInt64(v.bitPattern)) }

    /// Orders this task after `ids` (simpler's `set_dependencies` / `add_dep`); ids already retired are skipped.
    public mutating func addDependency(_ ids: TaskID...) { explicitDependencies.append(contentsOf: ids) }

    /// Number of tensor arguments so far.
    public var tensorCount: Int { tensors.count }

    private mutating func add(_ t: Entry) {
        if !scalars.isEmpty { note("tensor argument \(tensors.count) added after a scalar; add all tensors first") }
        if tensors.count == TaskArgs.maxTensors { note("more than \(TaskArgs.maxTensors) tensor arguments"); return }
        tensors.append(t)
    }

    private mutating func addRawScalar(_ v: UInt64) {
        if scalars.count == TaskArgs.maxScalars { note("more than \(TaskArgs.maxScalars) scalar arguments"); return }
        scalars.append(v)
    }

    private mutating func note(_ message: String) { if firstError == nil { firstError = message } }

    /// The first rule the arguments break, if any.
    func validationError() -> String? {
        if let firstError { return firstError }
        if launchSpec.blockNum < 1 { return "block_num is \(launchSpec.blockNum); it must be at least 1" }
        if launchSpec.blockNum > Int(Int16.max) { return "block_num \(launchSpec.blockNum) exceeds \(Int16.max)" }
        return nil
    }
}

/// What a submit returns (simpler's `TaskOutputTensors`): the task's id, usable as an explicit dependency, and its
/// runtime-allocated outputs in add order. The outputs are valid only inside the scope that submitted the task.
public struct TaskOutputs: Sendable {
    /// The submitted task.
    public let taskID: TaskID
    /// Materialised OUTPUT tensors (create-infos only), in add order.
    public let outputs: [ChipTensor]

    /// The i-th runtime-allocated output (simpler's `get_ref(i)`).
    public subscript(_ i: Int) -> ChipTensor { outputs[i] }
}
