#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a trace file's bytes with plain POSIX calls, so every failure names the file and the OS's reason
/// (missing, a directory, unreadable) and an empty file reaches the parser, which says what it expected.
enum TraceFileBytes {
    /// Trace files above this size are refused before reading: a trace is a hand- or tool-written description of
    /// a few programs, and parsing one allocates several times its size.
    static let maxBytes = 256 << 20

    static func read(_ path: String) throws(TraceFileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw TraceFileError("\(path): cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw TraceFileError("\(path): cannot stat: \(String(cString: strerror(errno)))") }
        guard (st.st_mode & S_IFMT) != S_IFDIR else { throw TraceFileError("\(path): is a directory, not a trace file") }
        if (st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size) > maxBytes {
            throw TraceFileError("\(path): \(st.st_size) bytes; trace files are limited to \(maxBytes) bytes")
        }
        // Read to the end rather than trusting st_size (pipes and /dev/stdin have none).
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw TraceFileError("\(path): read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
            if bytes.count > maxBytes {
                throw TraceFileError("\(path): more than \(maxBytes) bytes; trace files are limited to that")
            }
        }
        return bytes
    }
}
