import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program and reports, besides its exit status and output, how long it ran and the most memory it ever had
/// resident (from `wait4`'s rusage of that one child), so tests can show that an oversized case was refused before
/// anything was allocated and that errors come back within seconds.
public enum MeasuredProcess {
    public struct Result: Sendable {
        /// The exit status, or 128 + signal number when a signal ended it (the shell's convention).
        public let status: Int32
        public let stdout: String
        public let stderr: String
        public let seconds: Double
        /// Peak resident set size in bytes.
        public let maxResidentBytes: Int
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
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        let signal = status & 0x7F
        let code = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return Result(status: code, stdout: String(decoding: dir.read("stdout"), as: UTF8.self),
                      stderr: String(decoding: dir.read("stderr"), as: UTF8.self), seconds: seconds,
                      maxResidentBytes: Int(usage.ru_maxrss) * 1024)
    }
}
