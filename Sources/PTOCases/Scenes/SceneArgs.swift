import PTONumerics

/// The arguments of one scene run, in the order the scene's orchestration reads them (simpler's
/// `generate_args`: named tensors, then named scalars): the host-side tensors become GM tensors of the launch, the
/// scalars 64-bit values. Outputs are among the tensors, allocated (zeroed, or with the scene's initial values)
/// before the run and filled by it.
public struct SceneArgs: @unchecked Sendable {
    /// A named tensor argument.
    public struct NamedTensor: @unchecked Sendable {
        public let name: String
        public let tensor: Tensor
    }

    /// A named scalar argument, as its raw 64-bit value.
    public struct NamedScalar: Sendable {
        public let name: String
        public let bits: UInt64
    }

    /// Tensor arguments in order.
    public private(set) var tensors: [NamedTensor] = []
    /// Scalar arguments in order.
    public private(set) var scalars: [NamedScalar] = []

    public init() {}

    /// Appends a tensor argument.
    public mutating func add(_ name: String, _ tensor: Tensor) { tensors.append(NamedTensor(name: name, tensor: tensor)) }
    /// Appends an integer scalar (stored as its two's-complement bits, like `ctypes.c_int64`).
    public mutating func add(_ name: String, int value: Int) {
        scalars.append(NamedScalar(name: name, bits: UInt64(bitPattern: Int64(value))))
    }
    /// Appends a float scalar (its bits in the low 32 bits, like simpler's float scalars).
    public mutating func add(_ name: String, float value: Float) {
        scalars.append(NamedScalar(name: name, bits: UInt64(value.bitPattern)))
    }

    /// The same arguments with each tensor named in `names` replaced by an independent copy (same dtype, shape and
    /// bytes): a run on the result writes those copies and leaves this value's tensors as they are.
    public func copying(_ names: [String]) -> SceneArgs {
        var copy = self
        copy.tensors = tensors.map { names.contains($0.name) ? NamedTensor(name: $0.name, tensor: $0.tensor.copy()) : $0 }
        return copy
    }

    /// The tensor named `name`.
    public func tensor(_ name: String) throws -> Tensor {
        guard let t = tensors.first(where: { $0.name == name }) else {
            throw CaseError(.inconsistentTensors, "no tensor named '\(name)' (tensors: \(tensors.map(\.name).joined(separator: ", ")))")
        }
        return t.tensor
    }

    /// The integer scalar named `name`.
    public func int(_ name: String) throws -> Int {
        guard let s = scalars.first(where: { $0.name == name }) else {
            throw CaseError(.invalidParameter, "no scalar named '\(name)'")
        }
        return Int(Int64(bitPattern: s.bits))
    }
}
