import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Deletes half-written temporary files when the process is interrupted (SIGINT, SIGTERM), so that an interrupted
/// `ptosim golden` leaves no partial output behind.
///
/// `AtomicFileWriter` registers each temporary file while it exists. `install()` (called once by the command-line
/// tool; a library should not take over signals on its own) routes the signals to a dispatch source, whose handler
/// runs on an ordinary thread, not in signal context, so it may take locks and unlink freely. It then restores the
/// default action and re-raises the signal, so the exit status still says "killed by SIGINT".
public enum InterruptCleanup {
    private static let registry = Mutex<Set<String>>([])
    private static let sources = Mutex<[any DispatchSourceSignal]>([])

    /// Starts watching SIGINT and SIGTERM (idempotent).
    public static func install() {
        sources.withLock { sources in
            guard sources.isEmpty else { return }
            for sig in [SIGINT, SIGTERM] {
                signal(sig, SIG_IGN)  // the dispatch source receives it instead
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler {
                    removeRegisteredFiles()
                    signal(sig, SIG_DFL)
                    raise(sig)
                }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// Registers a temporary file to delete on interrupt.
    public static func register(_ path: String) { _ = registry.withLock { $0.insert(path) } }

    /// Forgets a temporary file (it was committed or already removed).
    public static func unregister(_ path: String) { _ = registry.withLock { $0.remove(path) } }

    /// The temporary files currently registered.
    public static var registeredPaths: Set<String> { registry.withLock { $0 } }

    /// Deletes every registered file now (what the signal handler does).
    public static func removeRegisteredFiles() {
        let paths = registry.withLock { paths in
            defer { paths.removeAll() }
            return paths
        }
        for path in paths { unlink(path) }
    }
}
