import ArgumentParser
import PTOCases
import PTOScenes

extension PTOSimCommand {
    /// `ptosim bench`: repeated timings of every phase of a run, judged against this machine's own floors.
    public struct Bench: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Time input generation, the references and the emulation of named cases, against the machine's floors.",
            discussion: """
                Each case's phases run --runs times in one process: generation, the golden reference, the \
                kernel-formulation reference, the emulation (race checker off) and the emulation under the race \
                checker. For each, min / median / max wall seconds are printed with the median's ratio to its floor, \
                measured in the same run: a plain sgemm of the case's FLOP count plus a streaming read of its input \
                bytes (for the references and the emulation), or a write of the input bytes into fresh memory (for \
                generation). timed-run starts `ptosim run --case <name> --timing` as separate processes (before \
                anything else, so their peak memory is their own) and reports their wall time and peak resident \
                memory; --suite does the same for `ptosim suite` and `ptosim suite --timing`. The report ends with the speed goals and whether each is met. \
                --scaling adds emulation times at four sizes of the first case and on one thread. \
                Only the first generation run gets memory straight from the operating system; later runs reuse \
                freed pages, which is why min and max can differ widely for generation. With --scene NAME (and \
                --case, default every case that is not manual) the scene's phases are timed instead: inputs, \
                golden, emulation, emulation under the race checker (no floors: they are paged attention's).
                """)

        @Option(name: .customLong("case"), help: "A named case to time (repeatable). Default: Case1 and Case2.")
        public var cases: [String] = []

        @Option(help: "Runs of each phase (the median is over these).")
        public var runs: Int = 5

        @Option(help: "Phases to time, comma-separated: generation, golden, kernel-reference, emulation, emulation+checker, timed-run. Default: all.")
        public var phases: String?

        @Flag(help: "Also time the emulation at four sizes of the first case, and on one thread.")
        public var scaling = false

        @Flag(help: "Also time `ptosim suite` and `ptosim suite --timing` as separate processes, --runs times each (slow: tens of seconds per run).")
        public var suite = false

        @Option(help: "Seed for generated inputs.")
        public var seed: UInt64 = CaseOptions.defaultSeed

        @OptionGroup public var kernel: KernelOptions
        @OptionGroup public var execution: ExecutionOptions
        @OptionGroup public var sceneSelection: SceneSelection

        @Flag(help: "Print the figures as JSON on stdout.")
        public var json = false

        public init() {}

        public func validate() throws {
            guard (1...1000).contains(runs) else { throw UsageError("--runs must be in 1...1000, got \(runs)") }
            _ = try selectedPhases()
        }

        func selectedPhases() throws -> Set<BenchPhase> {
            guard let phases else { return Set(BenchPhase.allCases) }
            var out = Set<BenchPhase>()
            for name in phases.split(separator: ",") {
                let trimmed = String(name.trimmingCharacters(in: " "))
                guard let phase = BenchPhase(rawValue: trimmed) else {
                    throw UsageError("--phases: unknown phase '\(trimmed)' (known: "
                                     + BenchPhase.allCases.map(\.rawValue).joined(separator: ", ") + ")")
                }
                out.insert(phase)
            }
            return out
        }

        public func run() throws {
            if sceneSelection.isSet {
                try benchScene()
                return
            }
            let named = try (cases.isEmpty ? ["Case1", "Case2"] : cases).map { name throws(CaseError) in
                try PagedAttentionCases.named(name)
            }
            let terminal = StandardError.isTerminal
            let runner = BenchRunner(runs: runs, workers: execution.workers, clusters: kernel.clusters,
                                     plan: try kernel.plan(), seed: seed, phases: try selectedPhases(),
                                     progress: { if terminal { StandardError.write("\r\u{1B}[K\($0)") } })
            var report = BenchReport(cases: [], scaling: nil, runs: runs)
            // Timed whole-process runs first, while this process is small (see TimedRunBench).
            var timed: [String: TimedRunBench] = [:]
            if runner.phases.contains(.timedRun) {
                let extra = ["--threads", "\(execution.workers)", "--clusters", "\(kernel.clusters)", "--seed", "\(seed)"]
                for c in named {
                    timed[c.name] = try TimedRunBench.measure(caseName: c.name, runs: runs, extraArguments: extra,
                                                              progress: runner.progress)
                }
            }
            if suite {
                report.suite = try SuiteBench.measure(runs: runs, extraArguments: ["--threads", "\(execution.workers)",
                                                                                   "--seed", "\(seed)"],
                                                      progress: runner.progress)
            }
            for c in named {
                var bench = try runner.run(name: c.name, params: c.params)
                bench.timedRun = timed[c.name]
                report.cases.append(bench)
            }
            if scaling, let first = named.first {
                report.scaling = (first.name, try ScalingBench.run(first.params, runner: runner))
            }
            if terminal { StandardError.write("\r\u{1B}[K") }
            print(json ? report.json : report.text)
        }
    }
}
