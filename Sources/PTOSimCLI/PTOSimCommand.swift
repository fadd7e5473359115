import ArgumentParser
import PTONumerics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ptosim`: runs Ascend a2a3 PTO kernels on a CPU.
public struct PTOSimCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ptosim",
        abstract: "Emulates Ascend a2a3 PTO kernels (simpler's scene suite) on a CPU.",
        version: PTOSimVersion.current,
        subcommands: [Cases.self, Scenes.self, Golden.self, Run.self, Check.self, Suite.self, Stress.self, Trace.self,
                      Bench.self, Merge.self])
    public init() {}

    /// Parses the command line and runs the chosen subcommand. Unlike ArgumentParser's default `main`, every failure
    /// (a usage error, an unknown case, an invalid parameter, a malformed file) is reported as one line,
    /// `ptosim: error: <message>`, with exit code 2; help and `--version` still exit 0.
    public static func main() {
        main(nil)
    }

    /// `main()` with explicit arguments (nil: the process's own).
    public static func main(_ arguments: [String]?) {
        // Under a file-size limit (`ulimit -f`) the kernel would kill the process mid-write with SIGXFSZ; ignored,
        // the write fails with EFBIG and is reported like a full disk, and the temporary file is removed.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot(arguments)
            // A memory budget that cannot be read is refused, not replaced by the measured figure behind the user's back.
            if let problem = HostMemory.overrideProblem() { throw UsageError(problem) }
            if let problem = SIMDPath.environmentProblem() { throw UsageError(problem) }
            try command.run()
        } catch {
            CommandFailure.exit(with: error, root: Self.self)
        }
    }
}
