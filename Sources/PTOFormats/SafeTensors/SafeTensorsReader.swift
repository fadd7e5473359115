import PTONumerics

/// Reads safetensors files. The file is memory-mapped and tensors point into the mapping, so reading a gigabyte of
/// KV cache costs only what is later touched; the header is validated completely before any tensor is made.
public enum SafeTensorsReader {
    /// Headers above this size are refused before parsing (the reference implementation uses the same bound).
    public static let maxHeaderBytes = 100 << 20

    /// Reads and validates the file at `path`.
    public static func read(_ path: String) throws(FormatError) -> SafeTensorsFile {
        let mapping = try FileMapping(path: path)
        let (header, dataStart) = try readHeader(mapping)
        var file = SafeTensorsFile(metadata: header.metadata)
        for e in header.entries {
            file.tensors.append((e.name, mapping.tensor(dtype: e.dtype, shape: e.shape, offset: dataStart + e.begin)))
        }
        return file
    }

    /// Reads only the header of `path` (for inspection without touching the data).
    public static func header(_ path: String) throws(FormatError) -> SafeTensorsHeader {
        try readHeader(try FileMapping(path: path)).header
    }

    private static func readHeader(_ mapping: FileMapping) throws(FormatError)
        -> (header: SafeTensorsHeader, dataStart: Int) {
        let path = mapping.path
        guard mapping.length >= 8 else {
            throw FormatError(.truncated, "\(path): truncated: \(mapping.length) bytes, but a safetensors file starts "
                              + "with an 8-byte header length")
        }
        let lengthBytes = mapping.bytes(0..<8)
        let declared = lengthBytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard declared <= UInt64(mapping.length - 8) else {
            throw FormatError(.truncated, "\(path): truncated: header length \(declared) but only "
                              + "\(mapping.length - 8) bytes follow it")
        }
        guard declared <= UInt64(maxHeaderBytes) else {
            throw FormatError(.invalidHeader, "\(path): header length \(declared) exceeds the \(maxHeaderBytes)-byte limit")
        }
        let headerLength = Int(declared)
        let dataStart = 8 + headerLength
        let header = try SafeTensorsHeader.parse(mapping.bytes(8..<dataStart), dataLength: mapping.length - dataStart,
                                                 file: path)
        return (header, dataStart)
    }
}
