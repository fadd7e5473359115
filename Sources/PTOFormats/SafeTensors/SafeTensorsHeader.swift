import PTONumerics

/// The parsed and checked header of a safetensors file: where each tensor lives in the data section.
///
/// `parse` trusts nothing it reads: every dtype, shape and offset is checked against the others and against the
/// real length of the data section before any byte of data is touched.
public struct SafeTensorsHeader: Sendable {
    /// One tensor's entry.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var dtype: DType
        public var shape: [Int]
        /// Byte range inside the data section.
        public var begin: Int, end: Int
    }

    /// Entries in header order.
    public var entries: [Entry]
    /// The `__metadata__` map.
    public var metadata: [String: String]

    /// Parses `json` (the header bytes) for a file named `file` whose data section holds `dataLength` bytes.
    public static func parse(_ json: [UInt8], dataLength: Int, file: String) throws(FormatError) -> SafeTensorsHeader {
        let root: JSONValue
        do { root = try JSONParser.parse(json) } catch {
            throw FormatError(.malformedHeader, "\(file): header is not valid JSON: \(error)")
        }
        guard case let .object(members) = root else {
            throw FormatError(.invalidHeader, "\(file): header is a JSON \(root.typeName), expected an object")
        }
        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        var seen = Set<String>()
        for (name, value) in members {
            guard seen.insert(name).inserted else {
                throw FormatError(.duplicateTensor, "\(file): tensor '\(name)' appears twice in the header")
            }
            if name == "__metadata__" {
                metadata = try parseMetadata(value, file: file)
            } else {
                entries.append(try parseEntry(name, value, file: file))
            }
        }
        try checkLayout(entries, dataLength: dataLength, file: file)
        return SafeTensorsHeader(entries: entries, metadata: metadata)
    }

    private static func parseMetadata(_ value: JSONValue, file: String) throws(FormatError) -> [String: String] {
        guard case let .object(members) = value else {
            throw FormatError(.invalidHeader, "\(file): __metadata__ is a JSON \(value.typeName), expected an object")
        }
        var map: [String: String] = [:]
        for (key, v) in members {
            guard let s = v.stringValue else {
                throw FormatError(.invalidHeader,
                                  "\(file): __metadata__ '\(key)' is a JSON \(v.typeName), expected a string")
            }
            map[key] = s
        }
        return map
    }

    private static func parseEntry(_ name: String, _ value: JSONValue, file: String) throws(FormatError) -> Entry {
        let at = "\(file): tensor '\(name)'"
        guard case .object = value else {
            throw FormatError(.invalidHeader, "\(at): entry is a JSON \(value.typeName), expected an object")
        }
        guard let dtypeName = value["dtype"]?.stringValue else {
            throw FormatError(.invalidHeader, "\(at): missing or non-string \"dtype\"")
        }
        guard let dtype = SafeTensorsFile.dtype(named: dtypeName) else {
            throw FormatError(.unsupportedDType,
                              "\(at): dtype \(dtypeName) is not supported (expected BF16, F32, I32 or I64)")
        }
        guard case let .array(dims)? = value["shape"] else {
            throw FormatError(.invalidHeader, "\(at): missing or non-array \"shape\"")
        }
        var shape: [Int] = []
        for d in dims {
            guard let n = d.intValue, n >= 0 else {
                throw FormatError(.invalidHeader, "\(at): shape entry \(d.serialized) is not a non-negative integer")
            }
            shape.append(n)
        }
        guard case let .array(offsets)? = value["data_offsets"], offsets.count == 2,
              let begin = offsets[0].intValue, let end = offsets[1].intValue else {
            throw FormatError(.invalidHeader, "\(at): \"data_offsets\" must be an array of two integers")
        }
        guard begin >= 0, end >= begin else {
            throw FormatError(.offsetOutOfRange, "\(at): data_offsets [\(begin), \(end)] do not form a byte range")
        }
        guard let needed = Shape.byteCount(shape, dtype) else {
            throw FormatError(.sizeMismatch, "\(at): shape \(shape) is too large to address")
        }
        guard needed == end - begin else {
            throw FormatError(.sizeMismatch, "\(at): \(dtypeName)\(shape) needs \(needed) bytes but data_offsets "
                              + "[\(begin), \(end)] hold \(end - begin)")
        }
        return Entry(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
    }

    /// The data section must be tiled exactly: no byte past its end, no two tensors sharing bytes, no holes.
    private static func checkLayout(_ entries: [Entry], dataLength: Int, file: String) throws(FormatError) {
        let sorted = entries.filter { $0.end > $0.begin }.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var covered = 0
        var contiguous = true
        for e in sorted {
            if e.begin != covered { contiguous = false }
            covered = max(covered, e.end)
        }
        if let beyond = sorted.first(where: { $0.end > dataLength }) {
            if contiguous {  // a consistent layout that the file stops short of: the file was cut
                throw FormatError(.truncated, "\(file): truncated: tensor '\(beyond.name)' ends at data byte "
                                  + "\(beyond.end) but the data section holds only \(dataLength) bytes")
            }
            throw FormatError(.offsetOutOfRange, "\(file): tensor '\(beyond.name)': data_offsets [\(beyond.begin), "
                              + "\(beyond.end)] lie outside the \(dataLength)-byte data section")
        }
        var previous: Entry?
        var end = 0
        for e in sorted {
            if let p = previous, e.begin < p.end {
                let what = e.begin == p.begin ? "start at the same offset" : "overlap"
                throw FormatError(.overlappingTensors, "\(file): tensors '\(p.name)' [\(p.begin), \(p.end)] and "
                                  + "'\(e.name)' [\(e.begin), \(e.end)] \(what)")
            }
            if e.begin > end {
                throw FormatError(.uncoveredBytes, "\(file): data bytes [\(end), \(e.begin)) belong to no tensor")
            }
            end = e.end
            previous = e
        }
        if end < dataLength {
            throw FormatError(.uncoveredBytes, "\(file): data bytes [\(end), \(dataLength)) belong to no tensor "
                              + "(the file is longer than its header says)")
        }
    }
}
