import ArgumentParser
import PTOCases
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which part of the batch a command computes when a run is split across machines: `--shard I/N` explicitly, or
/// `--shard auto` to take the index (and count) from a job scheduler's environment. Shared by `run` and `golden`.
public struct ShardOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Compute only shard I of N (0-based) of the batch and write it with its request range; join with `ptosim merge`. "
            + "'auto' reads SLURM_ARRAY_TASK_ID (and _MIN, _COUNT) or JOB_COMPLETION_INDEX.",
        valueName: "I/N|auto"))
    public var shard: String?

    @Option(name: .customLong("shard-count"),
            help: "Number of shards for --shard auto when the environment does not say (Kubernetes Indexed Jobs).")
    public var shardCount: Int?

    public init() {}

    /// The shard to compute (nil: the whole batch), from the options and `environment`.
    public func resolve(environment: [String: String]) throws -> BatchShard? {
        guard let shard else {
            if shardCount != nil { throw UsageError("--shard-count applies to --shard auto") }
            return nil
        }
        if shard != "auto" {
            if shardCount != nil { throw UsageError("--shard-count applies to --shard auto, not to --shard \(shard)") }
            return try BatchShard.parse(shard)
        }
        return try Self.fromEnvironment(environment, count: shardCount)
    }

    /// The scheduler variables `--shard auto` reads, from this process's environment.
    public static var processEnvironment: [String: String] {
        var env: [String: String] = [:]
        for name in ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX"] {
            if let value = getenv(name) { env[name] = String(cString: value) }
        }
        return env
    }

    /// The shard a job scheduler assigned: a Slurm job array task (`SLURM_ARRAY_TASK_ID` minus
    /// `SLURM_ARRAY_TASK_MIN`, of `SLURM_ARRAY_TASK_COUNT`), or a Kubernetes Indexed Job pod
    /// (`JOB_COMPLETION_INDEX`, of `count`).
    static func fromEnvironment(_ env: [String: String], count: Int?) throws -> BatchShard {
        func int(_ name: String) throws -> Int? {
            guard let text = env[name] else { return nil }
            guard let n = Int(text) else { throw UsageError("--shard auto: \(name) is '\(text)', not an integer") }
            return n
        }
        if let task = try int("SLURM_ARRAY_TASK_ID") {
            let first = try int("SLURM_ARRAY_TASK_MIN") ?? 0
            guard let n = try int("SLURM_ARRAY_TASK_COUNT") ?? count else {
                throw UsageError("--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; "
                                 + "give --shard-count")
            }
            if let count, count != n {
                throw UsageError("--shard-count \(count) disagrees with SLURM_ARRAY_TASK_COUNT=\(n)")
            }
            return try BatchShard(index: task - first, count: n)
        }
        if let index = try int("JOB_COMPLETION_INDEX") {
            guard let count else {
                throw UsageError("--shard auto: JOB_COMPLETION_INDEX is set; give the number of shards with "
                                 + "--shard-count (the Job's completions)")
            }
            return try BatchShard(index: index, count: count)
        }
        throw UsageError("--shard auto: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set; "
                         + "give --shard I/N")
    }
}
