#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin checked wrappers over the POSIX calls the file readers and writers use, turning failures into one-line
/// `FormatError`s that name the file and the OS's reason.
enum POSIX {
    /// The text of the current `errno`.
    static var lastError: String { String(cString: strerror(errno)) }

    /// Writes all `count` bytes at `bytes` to `fd`, retrying partial writes and interrupted calls.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawPointer, count: Int, path: String) throws(FormatError) {
        var done = 0
        while done < count {
            // Linux caps one write at about 2 GiB; 1 GiB chunks stay well inside that.
            let n = write(fd, bytes + done, min(count - done, 1 << 30))
            if n < 0 {
                if errno == EINTR { continue }
                throw FormatError(.io, "\(path): write failed: \(lastError)")
            }
            done += n
        }
    }

    /// fsyncs `fd`, naming `path` on failure.
    static func sync(_ fd: Int32, path: String) throws(FormatError) {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw FormatError(.io, "\(path): fsync failed: \(lastError)")
        }
    }

    /// The directory part of `path` ("." when it has none).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// The last component of `path`.
    static func basename(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// What `path` is when it exists (following links) and is neither a regular file nor a directory, e.g.
    /// "a character device"; nil otherwise.
    static func nonRegularKind(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG, S_IFDIR: return nil
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }

    /// The absolute path a symbolic link at `path` resolves to, or nil when `path` is not a link.
    static func resolvedLink(_ path: String) -> String? {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK, let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    /// True when `path` names an existing directory.
    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }
}
