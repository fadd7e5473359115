#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// stderr for diagnostics, warnings, timings and progress (stdout carries only results).
public enum StandardError {
    /// Writes `text` unbuffered.
    public static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + done, $0.count - done) }
            if n <= 0 { if errno == EINTR { continue }; return }
            done += n
        }
        bytes.removeAll()
    }

    /// Prints `ptosim: warning: <message>`.
    public static func warn(_ message: String) { write("ptosim: warning: \(message)\n") }

    /// True when stderr is a terminal (progress is shown only then).
    public static var isTerminal: Bool { isatty(2) == 1 }
}
