import ArgumentParser
import PTOCases
import PTOFormats

extension InputsFileFormat: ExpressibleByArgument {}

/// Where a command writes its tensors: `--out PATH` and `--format safetensors|npy`. Shared by every command that
/// writes inputs and outputs.
public struct OutputOptions: ParsableArguments {
    @Option(name: .customLong("out"), help: ArgumentHelp("Write inputs, output and parameters here (atomically).", valueName: "path"))
    public var path: String?

    @Option(help: "safetensors (one file) or npy (a directory of .npy files; bf16 as <u2 bit patterns).")
    public var format: InputsFileFormat = .safetensors

    public init() {}
}

extension OutputOptions {
    /// Fails early (before any long computation) when `--out` cannot be written: its directory is missing or not
    /// writable, or it names a directory for a file format (or a file for the `.npy` directory format).
    public func checkDestination() throws {
        guard let path else { return }
        if format == .safetensors { try Self.checkFile(path); return }
        let parent = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let dir = parent.isEmpty ? "/" : parent
        guard FileSystem.isDirectory(dir) else { throw UsageError("--out \(path): directory \(dir) does not exist") }
        guard FileSystem.isWritable(dir) else { throw UsageError("--out \(path): directory \(dir) is not writable") }
        switch format {
        case .safetensors where FileSystem.isDirectory(path):
            throw UsageError("--out \(path) is a directory; give a file name (or use --format npy)")
        case .npy where FileSystem.exists(path) && !FileSystem.isDirectory(path):
            throw UsageError("--out \(path) is a file; --format npy writes a directory")
        case .npy where FileSystem.isDirectory(path):
            // Replaced whole if it is an earlier npy output; never mixed with, or replacing, other files.
            if let foreign = NPYDirectory.foreignEntry(in: path) {
                throw UsageError("--out \(path) holds '\(foreign)', which is not a .npy file or metadata.json; "
                                 + "--format npy replaces only a directory of its own output (give a new or empty directory)")
            }
        default: break
        }
    }
}

extension OutputOptions {
    /// Fails early when a single output file cannot be written at `path`: its directory is missing or not writable,
    /// or `path` is a directory.
    public static func checkFile(_ path: String) throws {
        let parent = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let dir = parent.isEmpty ? "/" : parent
        guard FileSystem.isDirectory(dir) else { throw UsageError("--out \(path): directory \(dir) does not exist") }
        guard FileSystem.isWritable(dir) else { throw UsageError("--out \(path): directory \(dir) is not writable") }
        if FileSystem.isDirectory(path) { throw UsageError("--out \(path) is a directory; give a file name") }
        if let kind = FileSystem.specialFileKind(path) {
            throw UsageError("--out \(path) is \(kind), not a regular file; give a file name")
        }
    }
}
