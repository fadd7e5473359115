import ArgumentParser
import PTONumerics
import PTOFormats
import PTOCases
import PTOGolden
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

        @Option(name: .customLong("tolerance"), help: "rtol = atol of the pass/fail comparison (default 1e-2, the tolerance this path has always used; a scene uses its test's own).")
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

            let golden: Tensor = inputs.out ?? PagedAttentionReference.golden(inputs, workers: execution.workers)
            let tGolden = clock.lapSeconds(inputs.out == nil ? "golden" : "golden (from file)")

            if timingOptions.enabled {
                try runTimed(inputs, plan: plan, golden: golden, clock: clock, seconds: (tInputs, tGolden))
                return
            }
            let result: PagedAttentionRunResult
            var hazards: KernelCheckReport?
            if checkRaces {
                let checked = PagedAttentionKernel.check(inputs, plan: plan, clusters: kernel.clusters,
                                                         threads: execution.workers)
                hazards = checked.report
                guard let r = checked.result else {
                    StandardError.write("ptosim: kernel fault: \(KernelCheckRendering.text(checked.report))\n")
                    throw ExitCode(1)
                }
                result = r
            } else {
                do {
                    result = try PagedAttentionKernel.run(inputs, options: PagedAttentionRunOptions(
                        plan: plan, clusters: kernel.clusters, threads: execution.workers))
                } catch let fault as KernelFault {
                    StandardError.write("ptosim: kernel fault: \(fault)\n")
                    throw ExitCode(1)
                }
            }
            let tEmulation = clock.lapSeconds("emulation")
            if !plan.dropped.isEmpty && !checkRaces {
                StandardError.warn("a functional run executes in program order, where a missing sync cannot change the "
                                   + "data; add --check-races to see what the dropped syncs leave unordered")
            }

            let kernelRef = noKernelReference || verdict == .tolerance ? nil
                : PagedAttentionReference.kernel(inputs, workers: execution.workers)
            let vsGolden = OutputComparison(result.out, golden, rtol: tolerance, atol: tolerance)
            let vsKernel = kernelRef.map { OutputComparison(result.out, $0, rtol: 0, atol: 0, nanEqual: true) }
            clock.lap("compare")
            if let outPath {
                var metadata = plan.outputMetadata.merging(["params": inputs.paramsJSON, "producer": "ptosim run"]) { $1 }
                if let shard {
                    metadata.merge(OutputShards.metadata(params: batchParams, shard: shard, requests: requests)) { $1 }
                    if input.inputsPath == nil { metadata["seed"] = "\(input.effectiveSeed)" }
                }
                try SafeTensorsWriter.write(SafeTensorsFile(tensors: [("out", result.out)], metadata: metadata),
                                            to: outPath)
                clock.lap("write")
            }
            let total = clock.phases.reduce(0) { $0 + $1.seconds }
            // The details belong to `ptosim check`; a run only says that the scheme has risky patterns.
            let kinds = Dictionary(grouping: result.warnings, by: \.kind)
            for (kind, list) in kinds.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                StandardError.warn("\(list.count) \(kind.rawValue) sync pattern(s), "
                                   + "\(list.reduce(0) { $0 + $1.count }) occurrences (details: ptosim check)")
            }

            let report = RunVerdict(label: input.label, inputs: inputs, plan: plan, vsGolden: vsGolden, vsKernel: vsKernel,
                                   goldenSource: inputs.out == nil ? "golden reference" : "the file's out",
                                   tolerance: tolerance, seconds: (tInputs, tGolden, tEmulation, total),
                                   emulationMicros: result.emulationSeconds * 1e6, schedMicros: result.schedSeconds * 1e6,
                                   orchMicros: result.setupSeconds * 1e6, races: hazards)
            if let shard, !json {
                print("shard \(shard): requests \(requests.lowerBound):\(requests.upperBound) of \(batchParams.batch)")
            }
            print(json ? report.json : report.text)
            if execution.timings { StandardError.write("timings: \(clock.summary)\n") }
            if let hazards, !json { print("\nrace checker:\n" + KernelCheckRendering.text(hazards)) }
            if !report.passed { throw ExitCode(1) }
        }
    }
}
