#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system queries PTOSim's readers and writers need beyond opening files.
public enum FileSystem {
    /// True when `path` exists and is a directory.
    public static func isDirectory(_ path: String) -> Bool { POSIX.isDirectory(path) }

    /// True when something exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Creates `path` as a directory (mode 0755) unless it already is one.
    public static func makeDirectory(_ path: String) throws(FormatError) {
        if POSIX.isDirectory(path) { return }
        if exists(path) { throw FormatError(.io, "\(path): exists and is not a directory") }
        guard mkdir(path, 0o755) == 0 else { throw FormatError(.io, "\(path): cannot create directory: \(POSIX.lastError)") }
    }
}

extension FileSystem {
    /// What `path` is when it exists but is neither a regular file nor a directory ("a character device", "a FIFO",
    /// ...; links are followed), else nil. PTOSim never replaces such a path with an output file.
    public static func specialFileKind(_ path: String) -> String? { POSIX.nonRegularKind(path) }

    /// True when the process may create files in directory `path`.
    public static func isWritable(_ path: String) -> Bool { access(path, W_OK) == 0 }
}
