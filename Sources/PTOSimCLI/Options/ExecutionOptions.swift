import ArgumentParser
import PTONumerics

/// How a command uses the host: worker threads and phase timings. Shared by every command that computes.
public struct ExecutionOptions: ParsableArguments {
    @Option(help: "Worker threads (default: one per processor).")
    public var threads: Int?

    @Flag(help: "Print the time of each phase to stderr.")
    public var timings = false

    public init() {}

    /// The worker count to use.
    public var workers: Int { threads ?? Parallel.defaultWorkers }

    public mutating func validate() throws {
        if let threads, threads < 1 || threads > 1024 {
            throw UsageError("--threads must be between 1 and 1024 (got \(threads))")
        }
    }
}
