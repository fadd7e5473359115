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

    /// Writes every tensor and the metadata as the directory `directory`, whole: the files are staged in a new
    /// directory beside it and renamed into place together, so the result holds exactly these files and never a
    /// stale `.npy` of an earlier run. An existing directory is replaced only when it holds nothing but `.npy` files
    /// and `metadata.json` (what this writer leaves; see `foreignEntry(in:)`); anything else in it is refused. An
    /// error, or an interrupt while the files are written, leaves the old directory (or its absence) as it was.
    public static func write(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String],
                             to directory: String) throws(FormatError) {
        let target = POSIX.resolvedLink(directory) ?? directory
        if POSIX.isDirectory(target) {
            if let foreign = foreignEntry(in: target) {
                throw FormatError(.io, "\(directory): holds '\(foreign)', which is not a .npy file or \(metadataFile); "
                    + "--format npy replaces only a directory of its own output (give a new or empty directory)")
            }
        } else if FileSystem.exists(target) {
            throw FormatError(.io, "\(directory): exists and is not a directory")
        }
        let parent = POSIX.directory(of: target), base = POSIX.basename(of: target)
        let staging = "\(parent)/.\(base).ptosim-new-\(getpid())"
        removeOwnOutput(staging)  // left by a process of the same id that was killed mid-write
        try FileSystem.makeDirectory(staging)
        InterruptCleanup.registerDirectory(staging)
        defer { InterruptCleanup.unregisterDirectory(staging) }
        // Committed files inside the staging directory are removed too if an interrupt comes before the swap.
        let staged = tensors.map { "\(staging)/\($0.name).npy" } + ["\(staging)/\(metadataFile)"]
        for path in staged { InterruptCleanup.register(path) }
        defer { for path in staged { InterruptCleanup.unregister(path) } }
        do {
            try writeFiles(tensors, metadata: metadata, to: staging)
            try swapIntoPlace(staging, target: target, old: "\(parent)/.\(base).ptosim-old-\(getpid())")
        } catch {
            removeOwnOutput(staging)
            // Name the files where the user asked for them, not in the staging directory.
            throw FormatError(error.kind, error.description.replacing(staging, with: directory))
        }
    }

    /// The first entry of `directory` that this writer would not have left there (anything but a regular `.npy` file
    /// or `metadata.json`), or nil when it holds only those (or nothing).
    public static func foreignEntry(in directory: String) -> String? {
        entryNames(directory).first { name in
            var st = stat()
            let regular = lstat("\(directory)/\(name)", &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
            return !regular || !(name.hasSuffix(".npy") || name == metadataFile)
        }
    }

    /// The names in `directory` other than `.` and `..` (none when it cannot be read).
    private static func entryNames(_ directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Renames the staged directory to `target`; an existing `target` is first moved aside to `old`, then removed.
    private static func swapIntoPlace(_ staging: String, target: String, old: String) throws(FormatError) {
        let existed = FileSystem.exists(target)
        if existed {
            removeOwnOutput(old)
            guard rename(target, old) == 0 else {
                throw FormatError(.io, "\(target): cannot move the previous output aside: \(POSIX.lastError)")
            }
        }
        guard rename(staging, target) == 0 else {
            let reason = POSIX.lastError
            if existed { _ = rename(old, target) }
            throw FormatError(.io, "\(target): cannot rename the new output into place: \(reason)")
        }
        if existed { removeOwnOutput(old) }
        let dfd = open(POSIX.directory(of: target), O_RDONLY | O_DIRECTORY | O_CLOEXEC)  // make the renames durable
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    /// Removes a directory holding only this writer's files (checked by the caller, or created by this process).
    private static func removeOwnOutput(_ directory: String) {
        guard POSIX.isDirectory(directory), foreignEntry(in: directory) == nil else { return }
        for name in entryNames(directory) { unlink("\(directory)/\(name)") }
        rmdir(directory)
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
