import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program and reports, besides its exit status and output, how long it ran, so tests can show that errors
/// come back within seconds; `peakResidentBytes` measures how much memory a program ever had resident, so tests can
/// show that an oversized case was refused before anything was allocated.
public enum MeasuredProcess {
    public struct Result: Sendable {
        /// The exit status, or 128 + signal number when a signal ended it (the shell's convention).
        public let status: Int32
        public let stdout: String
        public let stderr: String
        public let seconds: Double
    }

    /// Runs `executable` with `arguments`, extra `environment` entries on top of this process's environment, and
    /// optionally a `setup` shell snippet (e.g. `ulimit -f 64`) run in `/bin/sh` before exec'ing the program.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           shellSetup: String? = nil) throws -> Result {
        let dir = TemporaryDirectory("ptosim-proc")
        defer { dir.remove() }
        let outPath = dir.file("stdout"), errPath = dir.file("stderr")
        var argv = [executable] + arguments
        if let shellSetup {
            argv = ["/bin/sh", "-c", "\(shellSetup); exec \"$0\" \"$@\""] + argv
        }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        let start = DispatchTime.now().uptimeNanoseconds
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        let signal = status & 0x7F
        let code = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return Result(status: code, stdout: String(decoding: dir.read("stdout"), as: UTF8.self),
                      stderr: String(decoding: dir.read("stderr"), as: UTF8.self), seconds: seconds)
    }

    /// The peak resident set of `executable` run with `arguments` (output discarded), in bytes, or nil when no
    /// python3 is available to measure it.
    ///
    /// Linux charges a process, at exec, the peak of the memory image it replaces: a child spawned straight from
    /// this (large) test process would report the test's own peak. So a small python3 process forks the program
    /// (its image is python's, a few megabytes) and reports the grandchild's `ru_maxrss` from `wait4`.
    public static func peakResidentBytes(_ executable: String, _ arguments: [String],
                                         environment: [String: String] = [:]) throws -> Int? {
        let script = """
            import os, sys
            pid = os.fork()
            if pid == 0:
                null = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2): os.dup2(null, fd)
                os.execv(sys.argv[1], sys.argv[1:])
            _, status, usage = os.wait4(pid, 0)
            print(usage.ru_maxrss)
            """
        let candidates: [String] = ["/usr/bin/python3", "/usr/local/bin/python3"]
        guard let python = candidates.first(where: { access($0, X_OK) == 0 }) else { return nil }
        let r = try run(python, ["-c", script, executable] + arguments, environment: environment)
        return Int(r.stdout.split(separator: "\n").first ?? "").map { $0 * 1024 }
    }
}
