import PTONumerics

/// Writes safetensors files atomically (through `AtomicFileWriter`).
///
/// The data section is laid out 4-byte types first, then bf16, each group in the order given, so that every tensor
/// starts aligned for its dtype once the header is padded (with spaces, as the format allows) to a multiple of 8.
/// The header lists `__metadata__` first, then the tensors in data order, each with keys in a fixed order, so the
/// same tensors always give the same bytes.
public enum SafeTensorsWriter {
    /// Writes `file` to `path`; on any error nothing is left at `path` or beside it.
    public static func write(_ file: SafeTensorsFile, to path: String) throws(FormatError) {
        let writer = try AtomicFileWriter(destination: path)
        try write(file, into: writer)
        try writer.commit()
    }

    /// Writes `file` into a writer that the caller commits (possibly together with others).
    public static func write(_ file: SafeTensorsFile, into writer: AtomicFileWriter) throws(FormatError) {
        var seen = Set<String>()
        for (name, _) in file.tensors where !seen.insert(name).inserted || name == "__metadata__" {
            throw FormatError(.duplicateTensor, "\(writer.destination): tensor name '\(name)' is used twice or reserved")
        }
        let ordered = file.tensors.enumerated()
            .sorted { ($0.element.tensor.dtype.size, -$0.offset) > ($1.element.tensor.dtype.size, -$1.offset) }
            .map(\.element)
        try writer.write(headerBytes(ordered, metadata: file.metadata))
        for (_, tensor) in ordered where tensor.byteCount > 0 {
            try writer.write(UnsafeRawPointer(tensor.raw), count: tensor.byteCount)
        }
    }

    /// The 8-byte length followed by the padded JSON header, for tensors already in data order.
    static func headerBytes(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String]) -> [UInt8] {
        var members: [(key: String, value: JSONValue)] = []
        if !metadata.isEmpty {
            members.append(("__metadata__", .object(metadata.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        var offset = 0
        for (name, tensor) in tensors {
            let end = offset + tensor.byteCount
            members.append((name, .object([
                ("dtype", .string(SafeTensorsFile.dtypeName(tensor.dtype))),
                ("shape", .array(tensor.shape.map { .number(String($0)) })),
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
