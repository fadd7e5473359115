import ArgumentParser
import PTONumerics
import PTOFormats
import PTOCases
import PTOGolden

extension PagedAttentionFormulation: ExpressibleByArgument {}

extension PTOSimCommand {
    /// `ptosim golden`: reference outputs for a case, written with their inputs for other tools to use.
    public struct Golden: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Compute the reference (golden) output of paged attention and write it with its inputs.",
            discussion: """
                Inputs come from a named case, custom parameters or a file, and are generated from the seed with \
                simpler's distributions. --formulation golden follows simpler's torch golden; --formulation kernel \
                follows the kernel's own arithmetic (running max, bf16 ties-away rounding of p), which a faithful \
                emulation reproduces bit for bit. With --out, the inputs, `out` and the parameters are written \
                atomically under simpler's tensor names; when the inputs came with an `out`, the largest difference \
                from it is printed. With --shard I/N only that part of the batch is computed (its inputs alone are \
                generated) and --out writes just its `out` rows with their request range, for `ptosim merge`.
                """)

        @OptionGroup public var input: CaseOptions
        @Option(help: "golden (simpler's torch formulation) or kernel (the kernel's own arithmetic).")
        public var formulation: PagedAttentionFormulation = .golden
        @OptionGroup public var output: OutputOptions
        @OptionGroup public var execution: ExecutionOptions
        @OptionGroup public var sharding: ShardOptions

        public init() {}

        public func run() throws {
            InterruptCleanup.install()
            try output.checkDestination()
            let shard = try sharding.resolve(environment: ShardOptions.processEnvironment)
            if shard != nil && output.path != nil && output.format != .safetensors {
                throw UsageError("--shard writes its rows as safetensors (for `ptosim merge`); drop --format \(output.format.rawValue)")
            }
            var clock = Stopwatch()
            var metadata = ["producer": "ptosim golden --formulation \(formulation.rawValue)",
                            "formulation": formulation.rawValue, "source": input.label]
            if input.inputsPath == nil { metadata["seed"] = "\(input.effectiveSeed)" }

            // Refuse a case the host cannot hold before generating anything (file inputs: once their header is read).
            // A shard needs only its own requests' share.
            let generated = try input.parameters()
            if var estimate = generated {
                if let shard { estimate = estimate.restrictedBatch(shard.requests(batch: estimate.batch)) }
                try CommandMemory.golden(estimate, inputsFromFile: false, workers: execution.workers)
                    .check(what: "ptosim golden")
            }
            if let shard {
                // One request range: its inputs alone are generated, and only its `out` rows are written.
                let (inputs, requests, batchParams) = try input.makeInputs(workers: execution.workers, shard: shard)
                clock.lap(input.inputsPath == nil ? "generate" : "load")
                for warning in inputs.warnings { StandardError.warn(warning) }
                let out = Tensor(dtype: .f32, shape: [inputs.params.batch, inputs.params.numHeads, inputs.params.headDim])
                compute(inputs, into: out, clock: &clock)
                print("shard \(shard): requests \(requests.lowerBound):\(requests.upperBound) of \(batchParams.batch)")
                if let path = output.path {
                    metadata.merge(OutputShards.metadata(params: batchParams, shard: shard, requests: requests)) { $1 }
                    try SafeTensorsWriter.write(SafeTensorsFile(tensors: [("out", out)], metadata: metadata), to: path)
                    clock.lap("write")
                    print("wrote \(path) (out rows of shard \(shard))")
                }
            } else if let path = output.path, output.format == .safetensors, let params = generated {
                // Generated inputs bound for a safetensors file are generated straight into that file.
                let build = try PagedAttentionFileBuild(generating: params, seed: input.effectiveSeed,
                                                        workers: execution.workers, to: path, metadata: metadata)
                clock.lap("generate")
                compute(build.inputs, into: build.out, clock: &clock)
                try build.commit()
                clock.lap("write")
                print("wrote \(path) (safetensors)")
            } else {
                let inputs = try input.makeInputs(workers: execution.workers)
                if generated == nil {
                    try CommandMemory.golden(inputs.params, inputsFromFile: true, workers: execution.workers)
                        .check(what: "ptosim golden")
                }
                clock.lap(input.inputsPath == nil ? "generate" : "load")
                for warning in inputs.warnings { StandardError.warn(warning) }
                let out = Tensor(dtype: .f32, shape: [inputs.params.batch, inputs.params.numHeads, inputs.params.headDim])
                compute(inputs, into: out, clock: &clock)
                if let path = output.path {
                    try inputs.save(to: path, format: output.format, out: out, metadata: metadata)
                    clock.lap("write")
                    print("wrote \(path) (\(output.format.rawValue))")
                }
            }
            if execution.timings { StandardError.write("timings: \(clock.summary)\n") }
        }

        /// Runs the chosen formulation into `out` and prints the summary (and the comparison with a file's `out`).
        private func compute(_ inputs: PagedAttentionInputs, into out: Tensor, clock: inout Stopwatch) {
            let progress = TerminalProgress(formulation.rawValue, total: inputs.params.batch)
            PagedAttentionReference.compute(formulation, inputs, into: out, workers: execution.workers) {
                progress.update($0)
            }
            progress.finish()
            clock.lap(formulation.rawValue)
            print(GoldenReport.summary(label: input.label, formulation: formulation, inputs: inputs, out: out))
            if let reference = inputs.out { print(GoldenReport.comparison(out, reference)) }
        }
    }
}

/// The lines `ptosim golden` prints on stdout.
enum GoldenReport {
    static func summary(label: String, formulation: PagedAttentionFormulation, inputs: PagedAttentionInputs,
                        out: Tensor) -> String {
        var maxAbs: Float = 0, sum: Double = 0
        for i in 0..<out.count {
            maxAbs = max(maxAbs, abs(out.f32[i]))
            sum += Double(out.f32[i])
        }
        return "\(label): \(inputs.params.summary); \(formulation.rawValue) out \(out.signature), "
            + "max |out| \(maxAbs), sum \(sum)"
    }

    static func comparison(_ out: Tensor, _ reference: Tensor) -> String {
        var worst: Float = 0, at = 0
        for i in 0..<out.count {
            let d = abs(out.f32[i] - reference.f32[i])
            if d > worst || d.isNaN { worst = d; at = i; if d.isNaN { break } }
        }
        let index = Shape.index(of: at, in: out.shape).map(String.init).joined(separator: ", ")
        return "max |out - file's out| = \(worst) at [\(index)]"
    }
}
