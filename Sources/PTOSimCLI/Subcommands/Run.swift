import ArgumentParser
import PTONumerics
import PTOFormats
import PTOCases
import PTOGolden
import PTOCore
import PTOKernels
import PTOScenes

extension PTOSimCommand {
    /// `ptosim run`: the SPMD paged-attention kernel on emulated a2a3 clusters, judged against the golden.
    public struct Run: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Run simpler's SPMD paged-attention kernel on emulated a2a3 clusters and check its output.",
            discussion: """
                Every tile moves through its L1/L0/UB images on its pipe, ordered by the kernel's set_flag/wait_flag \
                events and the TPUSH/TPOP GM FIFOs. The output is compared with the inputs' own `out` when the \
                file carries one, else with the golden reference, as simpler's test does (allclose with rtol = atol \
                = --tolerance) and, unless --verdict tolerance, with the kernel-formulation reference bit for bit. \
                With --shard I/N only that part of the batch is computed (its inputs alone are generated), and --out \
                writes its rows with their request range for `ptosim merge`. --scene NAME --case CASE runs a scene \
                of `ptosim scenes` instead, judged against its golden at the scene's tolerance and, where the scene \
                has one, its exact reference. Exit code 0: passed; 1: a check failed (golden, exact reference, \
                race checker) or the kernel faulted; 2: bad input or options that cannot work together.
                """)

        @OptionGroup public var input: CaseOptions
        @OptionGroup public var kernel: KernelOptions
        @OptionGroup public var execution: ExecutionOptions
        @OptionGroup public var timingOptions: TimingOptions
        @OptionGroup public var sharding: ShardOptions
        @OptionGroup public var sceneSelection: SceneSelection

        @Option(name: .customLong("out"), help: "Write the kernel's `out` (F32 [batch, num_heads, head_dim]) to this safetensors file; with --scene, the scene's inputs and outputs under the golden's names.")
        public var outPath: String?

        @Option(help: "With --scene: safetensors (default, one file) or npy (a directory of .npy files).")
        public var format: InputsFileFormat?

        // `.unconditional`: a negative value reaches `validate()` and its message instead of reading as an option.
        @Option(name: .customLong("tolerance"), parsing: .unconditional, help: "rtol = atol of the pass/fail comparison (default 1e-2, the tolerance this path has always used; a scene uses its test's own).")
        public var toleranceOption: Float?

        /// rtol = atol of the built-in path's comparison.
        var tolerance: Float { toleranceOption ?? 1e-2 }

        @Option(help: "exact (default): where a bit-exact reference exists, differing from it fails the run; tolerance: simpler's verdict, the golden at the tolerance only.")
        public var verdict: VerdictPolicy = .exact

        @Flag(name: .customLong("no-kernel-reference"),
              help: "Skip the kernel-formulation reference (saves one reference computation on large cases).")
        public var noKernelReference = false

        @Flag(name: .customLong("check-races"),
              help: "Run under the happens-before race checker and report its hazards (slower; see `ptosim check`).")
        public var checkRaces = false

        @Flag(help: "Print the report as JSON on stdout.")
        public var json = false

        public init() {}

        public func validate() throws {
            guard tolerance >= 0, tolerance.isFinite else { throw UsageError("--tolerance must be a non-negative number") }
            if checkRaces && timingOptions.schedule != nil {
                throw UsageError("--schedule cannot be combined with --check-races (the race checker runs the functional "
                                 + "schedule; use `ptosim check` for races and --schedule alone for a timed run)")
            }
            if checkRaces && timingOptions.timing {
                throw UsageError("--timing cannot be combined with --check-races (the timed model does not run the race "
                                 + "checker; run them separately)")
            }
            if verdict == .tolerance && noKernelReference {
                throw UsageError("--verdict tolerance already skips the kernel-formulation reference; drop --no-kernel-reference")
            }
        }

        public func run() throws {
            InterruptCleanup.install()
            if sceneSelection.isSet {
                try runScene()
                return
            }
            if format != nil { throw UsageError("--format applies to --scene runs; this path writes safetensors") }
            let plan = try kernel.plan()
            if let outPath { try OutputOptions.checkFile(outPath) }
            let shard = try sharding.resolve(environment: ShardOptions.processEnvironment)
            var clock = Stopwatch()
            func memory(_ p: PagedAttentionParams, fromFile: Bool, fileHasOut: Bool) -> MemoryEstimate {
                CommandMemory.run(p, inputsFromFile: fromFile, goldenFromFile: fileHasOut,
                                  kernelReference: !noKernelReference, clusters: kernel.clusters,
                                  workers: execution.workers)
            }
            // Refuse a case the host cannot hold before generating anything (file inputs: once mapped). A shard
            // needs only its own requests' share.
            if var params = try input.parameters() {
                if let shard { params = params.restrictedBatch(shard.requests(batch: params.batch)) }
                try memory(params, fromFile: false, fileHasOut: false).check(what: "ptosim run")
            }
            let (inputs, requests, batchParams) = try input.makeInputs(workers: execution.workers, shard: shard)
            if input.inputsPath != nil {
                try memory(inputs.params, fromFile: true, fileHasOut: inputs.out != nil).check(what: "ptosim run")
            }
            let tInputs = clock.lapSeconds("inputs")
            for warning in inputs.warnings { StandardError.warn(warning) }

            // One front end for every mode: the inputs, the golden (or the file's out), the exact reference, the
            // launch (functional, checked or timed), the comparison and the verdict.
            let scene = SpmdPagedAttentionScene()
            var options = SceneOptions(droppedSyncs: plan.dropped, variants: ["events": plan.scheme.rawValue,
                                                                            "prefetch": plan.prefetchKV ? "true" : "false"])
            if plan.pijMte3ToV { options.addedSyncs = ["pij-mte3-v"] }
            let mode: LaunchMode = timingOptions.enabled ? .timed(TimedChip(options: try timingOptions.chipOptions()))
                : checkRaces ? .checked(overlappingPipes: []) : .functional
            var job = SceneJob(scene: scene, sceneCase: scene.sceneCase(inputs.params, name: input.label),
                               seed: input.effectiveSeed,
                               launch: SceneLaunch(clusters: kernel.clusters, threads: execution.workers, mode: mode,
                                                   options: options),
                               policy: noKernelReference ? .tolerance : verdict)
            job.givenArgs = scene.args(inputs)
            if let out = inputs.out { job.givenExpected = (["out": out], "the file's out") }
            job.toleranceOverride = SceneTolerance(rtol: Double(tolerance), atol: Double(tolerance))
            let outcome: SceneOutcome
            do {
                outcome = try SceneFrontEnd.execute(job)
            } catch let fault as BlockFault {
                StandardError.write("ptosim: kernel fault: hardware block \(fault.site.blockIdx): \(fault.fault)\n")
                throw ExitCode(1)
            }
            let out = try outcome.run.args.tensor("out")
            clock.split([("golden", outcome.seconds.golden),
                         (timingOptions.enabled ? "timed emulation" : "emulation", outcome.seconds.emulation),
                         ("compare", outcome.seconds.compare)])
            if let timed = outcome.run.timed, !timed.run.faults.isEmpty {
                for f in timed.run.faults.prefix(5) {
                    StandardError.write("ptosim: kernel fault (schedule \(timed.run.schedule)): \(f)\n")
                }
                if timed.run.faults.count > 5 { StandardError.write("ptosim: … \(timed.run.faults.count - 5) more faults\n") }
                throw ExitCode(1)
            }
            if !plan.dropped.isEmpty && !checkRaces && !timingOptions.enabled {
                StandardError.warn("a functional run executes in program order, where a missing sync cannot change the "
                                   + "data; add --check-races to see what the dropped syncs leave unordered")
            }
            if let outPath {
                var metadata = plan.outputMetadata.merging(["params": inputs.paramsJSON, "producer": "ptosim run"]) { $1 }
                if let timed = outcome.run.timed {
                    metadata.merge(["producer": "ptosim run --timing", "schedule": timed.run.schedule.description,
                                    "cost_model": timed.run.parametersName]) { $1 }
                }
                if let shard {
                    metadata.merge(OutputShards.metadata(params: batchParams, shard: shard, requests: requests)) { $1 }
                    if input.inputsPath == nil { metadata["seed"] = "\(input.effectiveSeed)" }
                }
                try SafeTensorsWriter.write(SafeTensorsFile(tensors: [("out", out)], metadata: metadata), to: outPath)
                clock.lap("write")
            }
            let total = clock.phases.reduce(0) { $0 + $1.seconds }
            // The details belong to `ptosim check`; a run only says that the scheme has risky patterns.
            let kinds = Dictionary(grouping: outcome.run.outcomes.warnings, by: \.kind)
            for (kind, list) in kinds.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                StandardError.warn("\(list.count) \(kind.rawValue) sync pattern(s), "
                                   + "\(list.reduce(0) { $0 + $1.count }) occurrences (details: ptosim check)")
            }
            let hazards = outcome.check
            let row = SceneRunRendering.row(outcome)
            var report = RunVerdict(label: input.label, inputs: inputs, plan: plan,
                                    vsGolden: OutputComparison(outcome.vsGolden[0]),
                                    vsKernel: outcome.vsExact.map { OutputComparison(exact: $0[0]) },
                                    goldenSource: inputs.out == nil ? "golden reference" : "the file's out",
                                    tolerance: tolerance,
                                    seconds: (tInputs, outcome.seconds.golden, outcome.seconds.emulation, total),
                                    emulationMicros: row.elapsedMicros, schedMicros: row.schedMicros,
                                    orchMicros: row.orchMicros, races: hazards)
            if let timed = outcome.run.timed {
                report.modeled = ModeledSummary(timed, hardware: HardwareReference.find(caseName: input.label,
                                                                                       scheme: plan.scheme))
            }
            if let shard, !json {
                print("shard \(shard): requests \(requests.lowerBound):\(requests.upperBound) of \(batchParams.batch)")
            }
            print(json ? report.json : report.text)
            if execution.timings {
                var line = "timings: \(clock.summary)"
                if let t = outcome.run.timed {
                    line += " (capture \(fixed(t.captureSeconds, 3)) s, simulation \(fixed(t.simulationSeconds, 3)) s)"
                }
                StandardError.write(line + "\n")
            }
            if let hazards, !json { print("\nrace checker:\n" + KernelCheckRendering.text(hazards)) }
            if !report.passed { throw ExitCode(1) }
        }
    }
}
