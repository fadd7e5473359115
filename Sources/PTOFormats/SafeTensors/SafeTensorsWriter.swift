import PTONumerics

/// Writes safetensors files atomically (through `AtomicFileWriter`).
///
/// The data section is laid out 4-byte types first, then bf16, each group in the order given, so that every tensor
/// starts aligned for its dtype once the header is padded (with spaces, as the format allows) to a multiple of 8.
/// The header lists `__metadata__` first, then the tensors in data order, each with keys in a fixed order, so the
/// same tensors always give the same bytes (`SafeTensorsMappedWriter` lays out files identically).
public enum SafeTensorsWriter {
    /// A tensor's name, dtype and shape: what the header says about it.
    public typealias Spec = (name: String, dtype: DType, shape: [Int])

    /// Writes `file` to `path`; on any error nothing is left at `path` or beside it.
    public static func write(_ file: SafeTensorsFile, to path: String) throws(FormatError) {
        let writer = try AtomicFileWriter(destination: path)
        try write(file, into: writer)
        try writer.commit()
    }

    /// Writes `file` into a writer that the caller commits (possibly together with others).
    public static func write(_ file: SafeTensorsFile, into writer: AtomicFileWriter) throws(FormatError) {
        let specs = file.tensors.map { (name: $0.name, dtype: $0.tensor.dtype, shape: $0.tensor.shape) }
        try checkNames(specs, file: writer.destination)
        let order = dataOrder(specs)
        try writer.write(headerBytes(order.map { specs[$0] }, metadata: file.metadata))
        for i in order where file.tensors[i].tensor.byteCount > 0 {
            let tensor = file.tensors[i].tensor
            try writer.write(UnsafeRawPointer(tensor.raw), count: tensor.byteCount)
        }
    }

    /// Rejects repeated names and the reserved `__metadata__`.
    static func checkNames(_ specs: [Spec], file: String) throws(FormatError) {
        var seen = Set<String>()
        for spec in specs where !seen.insert(spec.name).inserted || spec.name == "__metadata__" {
            throw FormatError(.duplicateTensor, "\(file): tensor name '\(spec.name)' is used twice or reserved")
        }
    }

    /// Indices of `specs` in data-section order: larger element sizes first, stable within a size.
    static func dataOrder(_ specs: [Spec]) -> [Int] {
        specs.indices.sorted { (specs[$0].dtype.size, -$0) > (specs[$1].dtype.size, -$1) }
    }

    /// The 8-byte length followed by the padded JSON header, for tensors already in data order.
    static func headerBytes(_ specs: [Spec], metadata: [String: String]) -> [UInt8] {
        var members: [(key: String, value: JSONValue)] = []
        if !metadata.isEmpty {
            members.append(("__metadata__", .object(metadata.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        var offset = 0
        for spec in specs {
            let end = offset + (Shape.byteCount(spec.shape, spec.dtype) ?? 0)
            members.append((spec.name, .object([
                ("dtype", .string(SafeTensorsFile.dtypeName(spec.dtype))),
                ("shape", .array(spec.shape.map { .number(String($0)) })),
                ("data_offsets", .array([.number(String(offset)), .number(String(end))])),
            ])))
            offset = end
        }
        var json = Array(JSONValue.object(members).serialized.utf8)
        while json.count % 8 != 0 { json.append(UInt8(ascii: " ")) }
        let n = UInt64(json.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } + json
    }
}
