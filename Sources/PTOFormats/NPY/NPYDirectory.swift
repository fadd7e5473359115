import PTONumerics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A set of named tensors stored as one `.npy` file each in a directory (`<name>.npy`), plus their string metadata
/// as a JSON object in `metadata.json`: the layout `ptosim golden --format npy` writes, for NumPy users.
public enum NPYDirectory {
    /// The metadata file's name.
    public static let metadataFile = "metadata.json"

    /// Writes every tensor and the metadata into `directory` (created if missing). All files are staged first and
    /// renamed into place together, so an error or interrupt leaves the directory as it was (and removes it again
    /// when this call created it).
    public static func write(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String],
                             to directory: String) throws(FormatError) {
        let created = !FileSystem.exists(directory)
        try FileSystem.makeDirectory(directory)
        guard created else { return try writeFiles(tensors, metadata: metadata, to: directory) }
        InterruptCleanup.registerDirectory(directory)
        defer { InterruptCleanup.unregisterDirectory(directory) }
        do {
            try writeFiles(tensors, metadata: metadata, to: directory)
        } catch {
            rmdir(directory)  // the writers have already removed their temporary files
            throw error
        }
    }

    private static func writeFiles(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String],
                                   to directory: String) throws(FormatError) {
        var writers: [AtomicFileWriter] = []
        for (name, tensor) in tensors {
            let writer = try AtomicFileWriter(destination: "\(directory)/\(name).npy")
            writers.append(writer)
            try NPYFile.write(tensor, into: writer)
        }
        let json = JSONValue.object(metadata.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
        let writer = try AtomicFileWriter(destination: "\(directory)/\(metadataFile)")
        writers.append(writer)
        try writer.write(Array((json.serialized + "\n").utf8))
        try AtomicFileWriter.commit(writers)
    }

    /// Reads `<name>.npy` for each of `names` that exists in `directory`.
    public static func read(_ directory: String, names: [String]) throws(FormatError) -> [String: Tensor] {
        var tensors: [String: Tensor] = [:]
        for name in names {
            let path = "\(directory)/\(name).npy"
            if FileSystem.exists(path) { tensors[name] = try NPYFile.read(path) }
        }
        return tensors
    }

    /// The metadata in `directory/metadata.json`, or an empty map when there is none.
    public static func metadata(_ directory: String) throws(FormatError) -> [String: String] {
        let path = "\(directory)/\(metadataFile)"
        guard FileSystem.exists(path) else { return [:] }
        let mapping = try FileMapping(path: path)
        let value: JSONValue
        do { value = try JSONParser.parse(mapping.bytes(0..<mapping.length)) } catch {
            throw FormatError(.malformedHeader, "\(path): not valid JSON: \(error)")
        }
        guard case let .object(members) = value else {
            throw FormatError(.invalidHeader, "\(path): is a JSON \(value.typeName), expected an object")
        }
        var map: [String: String] = [:]
        for (key, v) in members {
            guard let s = v.stringValue else {
                throw FormatError(.invalidHeader, "\(path): '\(key)' is a JSON \(v.typeName), expected a string")
            }
            map[key] = s
        }
        return map
    }
}
