import ArgumentParser
import Foundation
import PTORuntime

extension PTOSimCommand {
    /// `ptosim stress`: drives the emulated PTO2 runtime with a seeded random task graph under chosen ring sizes and
    /// checks that every task ran after all of its producers and that the results match a serial replay.
    public struct Stress: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "stress",
            abstract: "Run a seeded random task graph through the runtime and check its ordering.",
            discussion: """
                The graph has dependency chains, fan-in and fan-out through runtime-allocated temporaries, INOUT \
                accumulators, slab rows written once and read later, SPMD widths 1-4 on AIC, AIV and MIX tasks, and \
                nested scopes. Ring sizes not given on the command line come from PTO2_RING_TASK_WINDOW, \
                PTO2_RING_HEAP and PTO2_RING_DEP_POOL, else default to the ring-stress sizes (window 64, heap 4 MiB, \
                dependency pool 256). Exit status: 0 pass, 1 ordering violation or data mismatch, 2 error (for \
                example a scope larger than the task window).
                """)

        @Option(help: "Seed of the random graph.")
        var seed: UInt64 = 1
        @Option(help: "Number of tasks to submit.")
        var tasks: Int = 2000
        @Option(name: .customLong("task-window"), help: "Task slots per ring (a power of two >= 4).")
        var taskWindow: Int?
        @Option(help: "Heap bytes per ring; accepts K/KiB and M/MiB suffixes.")
        var heap: String?
        @Option(name: .customLong("dep-pool"), help: "Dependency-list entries per ring.")
        var depPool: Int?
        @Option(help: "Simulated clusters (1 AIC + 2 AIV each); 8 mimics a2a3sim.")
        var clusters: Int = 24
        @Option(help: "Host threads executing blocks (default: the host's cores).")
        var threads: Int = ProcessInfo.processInfo.activeProcessorCount
        @Option(name: .customLong("scope-tasks"), help: "Most tasks submitted directly in one scope.")
        var scopeTasks: Int = 32
        @Option(name: .customLong("max-depth"), help: "Deepest scope nesting (depths >= 3 share ring 3).")
        var maxDepth: Int = 3
        @Flag(help: "Print one JSON object instead of the summary.")
        var json = false

        public init() {}

        public func run() throws {
            let report: StressReport
            do {
                report = try execute()
            } catch {
                FileHandle.standardError.write(Data("ptosim: error: \(error)\n".utf8))
                throw ExitCode(2)
            }
            print(json ? report.json : report.summary)
            if !report.passed { throw ExitCode(1) }
        }

        private func execute() throws -> StressReport {
            guard tasks >= 1 else { throw StressCommandError("--tasks is \(tasks); it must be at least 1") }
            guard scopeTasks >= 1 else { throw StressCommandError("--scope-tasks is \(scopeTasks); it must be at least 1") }
            guard (1..<64).contains(maxDepth) else { throw StressCommandError("--max-depth is \(maxDepth); expected 1...63") }
            let environment = ProcessInfo.processInfo.environment
            func fallback(_ key: String, _ stressDefault: Int) -> RingOverride? {
                environment[key] == nil ? .all(stressDefault) : nil
            }
            let config = try RuntimeConfig.resolve(
                clusters: clusters, hostThreads: threads,
                taskWindow: taskWindow.map(RingOverride.all) ?? fallback("PTO2_RING_TASK_WINDOW", 64),
                heap: try heap.map { .all(try Self.parseBytes($0)) } ?? fallback("PTO2_RING_HEAP", 4 << 20),
                depPool: depPool.map(RingOverride.all) ?? fallback("PTO2_RING_DEP_POOL", 256),
                environment: environment)
            let plan = StressPlan.generate(.init(seed: seed, tasks: tasks, maxScopeTasks: scopeTasks,
                                                 maxDepth: maxDepth, clusters: clusters))
            return try StressRunner.run(plan, on: Runtime(config: config, kernels: StressKernels.registry()))
        }

        /// "4194304", "4M", "4MiB", "512K", "512KiB" → bytes.
        static func parseBytes(_ text: String) throws -> Int {
            let units: [(String, Int)] = [("MiB", 1 << 20), ("KiB", 1 << 10), ("M", 1 << 20), ("K", 1 << 10), ("", 1)]
            for (suffix, scale) in units where text.hasSuffix(suffix) {
                if let n = Int(text.dropLast(suffix.count)), n >= 0, n <= Int.max / scale { return n * scale }
            }
            throw StressCommandError("--heap \(text): expected a byte count such as 4194304, 4M or 512KiB")
        }
    }
}

/// A bad `stress` option, reported as `ptosim: error: <message>` with exit status 2.
struct StressCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
