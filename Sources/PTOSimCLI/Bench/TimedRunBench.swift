#if canImport(Glibc)
import Glibc
#endif

/// `ptosim run --case <name> --timing` as separate processes: the whole-process wall time and peak resident memory
/// of the timed mode, as a user sees them.
///
/// The processes are started before this one generates anything: Linux charges a child, at exec, the peak of the
/// memory image it replaces (here this process's, shared until exec), so a child started from a large bench process
/// would report the bench's own peak.
struct TimedRunBench {
    var seconds: [Double] = []
    var peakBytes: [Int] = []
    /// Each run's exit status.
    var statuses: [Int32] = []

    /// Runs the timed mode of case `name` `runs` times with `extraArguments`; throws when a run fails.
    static func measure(caseName name: String, runs: Int, extraArguments: [String],
                        progress: (String) -> Void) throws -> TimedRunBench {
        try measure(["run", "--case", name, "--timing"] + extraArguments, label: "\(name) timed-run", runs: runs,
                    accepting: [0], progress: progress)
    }

    /// Runs `ptosim arguments…` `runs` times; throws when a run exits with a status outside `accepting`.
    static func measure(_ arguments: [String], label: String, runs: Int, accepting: Set<Int32>,
                        progress: (String) -> Void) throws -> TimedRunBench {
        let exe = try selfExecutable()
        var out = TimedRunBench()
        for r in 0..<runs {
            progress("\(label) \(r + 1)/\(runs)")
            let (seconds, peak, status) = try spawn(exe, arguments)
            guard accepting.contains(status) else {
                throw BenchFailure("bench: `ptosim \(arguments.joined(separator: " "))` exited with status \(status)")
            }
            out.seconds.append(seconds)
            out.peakBytes.append(peak)
            out.statuses.append(status)
        }
        return out
    }

    /// This executable's path.
    private static func selfExecutable() throws -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { throw BenchFailure("bench: cannot find this executable (/proc/self/exe)") }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Wall seconds, peak resident bytes (`ru_maxrss`) and exit status of one run, its output discarded.
    private static func spawn(_ exe: String, _ arguments: [String]) throws -> (Double, Int, Int32) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([exe] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let start = Stopwatch.now()
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, exe, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchFailure("bench: cannot start \(exe): error \(spawned)") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Stopwatch.now() - start
        let signal = status & 0x7F
        return (seconds, Int(usage.ru_maxrss) * 1024, signal == 0 ? (status >> 8) & 0xFF : 128 + signal)
    }
}

/// A bench step that could not run (a child process failed or could not start).
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `ptosim suite` and `ptosim suite --timing` as separate processes (`bench --suite`): the whole command's wall time
/// as a user sees it. A run whose suite has a failing row (exit 1) is still timed; the report says so.
struct SuiteBench {
    var functional: TimedRunBench
    var timed: TimedRunBench

    static func measure(runs: Int, extraArguments: [String], progress: (String) -> Void) throws -> SuiteBench {
        SuiteBench(
            functional: try TimedRunBench.measure(["suite"] + extraArguments, label: "suite", runs: runs,
                                                  accepting: [0, 1], progress: progress),
            timed: try TimedRunBench.measure(["suite", "--timing"] + extraArguments, label: "suite --timing",
                                             runs: runs, accepting: [0, 1], progress: progress))
    }
}
