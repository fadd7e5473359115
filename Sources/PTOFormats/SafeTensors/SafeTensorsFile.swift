import PTONumerics

/// The contents of a safetensors file (Hugging Face's format, which torch, simpler's tests and PTOSim exchange
/// inputs and goldens in): named tensors plus a string-to-string `__metadata__` map.
///
/// Layout on disk: an 8-byte little-endian header length N, N bytes of JSON header
/// (`{"name": {"dtype": "BF16", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}`), then the data
/// section, which the tensors' byte ranges must tile exactly. PTOSim supports the dtypes BF16, F32, I32 and I64.
public struct SafeTensorsFile: Sendable {
    /// Tensors in the order they were added (the writer orders the data section itself).
    public var tensors: [(name: String, tensor: Tensor)]
    /// The `__metadata__` map.
    public var metadata: [String: String]

    public init(tensors: [(name: String, tensor: Tensor)] = [], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The tensor called `name`, if present.
    public subscript(name: String) -> Tensor? { tensors.first { $0.name == name }?.tensor }

    /// Tensor names in stored order.
    public var names: [String] { tensors.map(\.name) }

    /// Adds or replaces a tensor.
    public mutating func set(_ name: String, _ tensor: Tensor) {
        if let i = tensors.firstIndex(where: { $0.name == name }) { tensors[i].tensor = tensor } else {
            tensors.append((name, tensor))
        }
    }

    /// The safetensors spelling of a dtype.
    public static func dtypeName(_ dtype: DType) -> String {
        switch dtype {
        case .bf16: "BF16"
        case .f32: "F32"
        case .i32: "I32"
        case .i64: "I64"
        }
    }

    /// The dtype for a safetensors spelling, or nil when PTOSim does not support it.
    public static func dtype(named name: String) -> DType? {
        switch name {
        case "BF16": .bf16
        case "F32": .f32
        case "I32": .i32
        case "I64": .i64
        default: nil
        }
    }
}
