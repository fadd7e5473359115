#if canImport(Glibc)
import Glibc
#endif

/// One fuzz input as a real file, so the readers run exactly as `ptosim` runs them (open, fstat, mmap), not through
/// an in-memory shortcut. The file lives in /dev/shm (memory-backed) and is rewritten for every input.
public enum FuzzInput {
    /// The per-process path the current input is written to.
    public static let path: String = {
        let dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        atexit { unlink(FuzzInput.path) }
        return "\(dir)/ptosim-fuzz-\(getpid()).bin"
    }()

    /// Replaces the file's contents with `size` bytes at `data` and returns its path.
    public static func write(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { fatalError("fuzz harness: cannot create \(path)") }
        var done = 0
        while done < size {
            let n = Glibc.write(fd, data + done, size - done)
            guard n > 0 else { fatalError("fuzz harness: cannot write \(path)") }
            done += n
        }
        close(fd)
        return path
    }

    /// The contract every reader error must keep: one non-empty line that starts with the file's path.
    /// A violation traps, so libFuzzer records the input as a finding.
    public static func checkMessage(_ message: String, path: String) {
        guard !message.isEmpty, !message.contains("\n"), message.hasPrefix(path) else {
            fatalError("error message breaks the one-line contract: \(message.debugDescription)")
        }
    }
}
