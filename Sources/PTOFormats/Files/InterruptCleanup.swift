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
/// runs on an ordinary thread, not in signal context, so it may take locks and unlink freely. It then ends the
/// process at once with the shell's convention for a signal death, 128 + signal number (130 for SIGINT), so no
/// thread can go on to rename a half-written file into place. (Re-raising the signal would not work: the dispatch
/// source keeps it blocked in every thread.)
public enum InterruptCleanup {
    private static let registry = Mutex<Set<String>>([])
    private static let directories = Mutex<Set<String>>([])
    private static let sources = Mutex<[any DispatchSourceSignal]>([])
    /// A serial queue of its own: it is served by an overcommitting thread, so the handler runs even while every
    /// worker of the global pool is busy in a `concurrentPerform` (on the global queue it waited for the
    /// computation to end, and an interrupted `golden` finished and wrote its file).
    private static let queue = DispatchQueue(label: "ptosim.interrupt-cleanup")

    /// Starts watching SIGINT and SIGTERM (idempotent).
    public static func install() {
        sources.withLock { sources in
            guard sources.isEmpty else { return }
            for sig in [SIGINT, SIGTERM] {
                signal(sig, SIG_IGN)  // the dispatch source receives it instead
                let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
                source.setEventHandler {
                    removeRegisteredFiles()
                    removeRegisteredDirectories()
                    _exit(128 + sig)
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

    /// Registers a directory this run created for its output, to remove (if still empty) on interrupt, after the
    /// temporary files in it.
    public static func registerDirectory(_ path: String) { _ = directories.withLock { $0.insert(path) } }

    /// Forgets a created directory (its files were committed).
    public static func unregisterDirectory(_ path: String) { _ = directories.withLock { $0.remove(path) } }

    /// Removes every registered directory that is empty (what the signal handler does after the files).
    public static func removeRegisteredDirectories() {
        let paths = directories.withLock { paths in
            defer { paths.removeAll() }
            return paths
        }
        for path in paths { rmdir(path) }
    }

    /// Deletes every registered file (what the signal handler does), or only those `filter` selects.
    public static func removeRegisteredFiles(where filter: (String) -> Bool = { _ in true }) {
        let paths = registry.withLock { paths in
            let chosen = paths.filter(filter)
            paths.subtract(chosen)
            return chosen
        }
        for path in paths { unlink(path) }
    }
}
