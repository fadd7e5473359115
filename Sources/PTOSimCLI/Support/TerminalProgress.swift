import Synchronization
import PTONumerics

/// A one-line progress counter on stderr for long work (`golden: 120/256 requests`), redrawn at most ten times a
/// second from any thread, and shown only when stderr is a terminal so that logs and pipes stay clean.
public final class TerminalProgress: Sendable {
    private let label: String
    private let total: Int
    private let enabled: Bool
    private let lastDraw = Mutex<Double>(0)

    /// A counter for `total` units; `enabled` defaults to "stderr is a terminal".
    public init(_ label: String, total: Int, enabled: Bool = StandardError.isTerminal) {
        self.label = label
        self.total = total
        self.enabled = enabled && total > 1
    }

    /// Reports that `done` of `total` units are finished.
    public func update(_ done: Int) {
        guard enabled else { return }
        let now = Stopwatch.now()
        let draw = lastDraw.withLock { last -> Bool in
            guard now - last >= 0.1 || done == total else { return false }
            last = now
            return true
        }
        if draw { StandardError.write("\r\(label): \(done)/\(total)") }
    }

    /// Clears the line.
    public func finish() {
        guard enabled else { return }
        StandardError.write("\r\u{1B}[K")
    }
}
