import PTOCases
import PTOCore
import PTOFormats
import PTOKernels
import PTONumerics

/// How a scene run is judged.
public enum VerdictPolicy: String, Sendable, CaseIterable {
    /// The golden at the scene's tolerance, and — where the scene has a bit-exact reference — equality with it:
    /// an output that differs from what the kernel's own arithmetic gives fails even inside the tolerance.
    case exact
    /// simpler's verdict: the golden at the scene's tolerance only.
    case tolerance
}

/// What a scene run is asked to do: which scene and case, the inputs' seed, how to launch, how to judge.
public struct SceneJob: Sendable {
    public var scene: any Scene
    public var sceneCase: SceneCase
    public var seed: UInt64
    public var launch: SceneLaunch
    public var policy: VerdictPolicy
    /// Arguments to run on instead of generated ones (inputs read from a file).
    public var givenArgs: SceneArgs?
    /// Expected outputs to judge against instead of the golden (a file's own outputs), and what to call them.
    public var givenExpected: (outputs: [String: Tensor], source: String)?
    /// A tolerance instead of the scene's.
    public var toleranceOverride: SceneTolerance?

    public init(scene: any Scene, sceneCase: SceneCase, seed: UInt64 = 42, launch: SceneLaunch = SceneLaunch(),
                policy: VerdictPolicy = .exact) {
        self.scene = scene
        self.sceneCase = sceneCase
        self.seed = seed
        self.launch = launch
        self.policy = policy
    }

    /// The tolerance the outputs are judged at.
    public var tolerance: SceneTolerance { toleranceOverride ?? scene.tolerance }
    /// What the outputs are compared with at the tolerance.
    public var expectedSource: String { givenExpected?.source ?? "golden" }
}

/// A scene run judged: what ran, how each output compares with the golden (and with the exact reference), the
/// race checker's report when the run was checked, and the verdict naming every check that failed.
public struct SceneOutcome: @unchecked Sendable {
    public let job: SceneJob
    public let run: SceneRun
    /// Per output, against the golden at the scene's tolerance.
    public let vsGolden: [SceneComparison]
    /// Per output, against the exact reference (nil: the scene has none, or the policy is `tolerance`).
    public let vsExact: [SceneComparison]?
    /// The merged race-checker report of a checked run.
    public let check: SceneCheckReport?
    /// Host wall time per phase, seconds.
    public let seconds: Phases
    /// Process CPU time (user + system, all threads) per phase, seconds.
    public let cpuSeconds: Phases

    public struct Phases: Sendable {
        public var inputs = 0.0, golden = 0.0, emulation = 0.0, compare = 0.0
        public var total: Double { inputs + golden + emulation + compare }
    }

    /// Every check that failed, one line each; empty when the run passed.
    public var failures: [String] {
        var out: [String] = []
        let t = job.tolerance
        for c in vsGolden where !c.passed {
            out.append("\(job.expectedSource): \(c.mismatches) of \(c.count) elements of '\(c.name)' outside rtol = "
                       + "\(t.rtol), atol = \(t.atol) (max |diff| \(c.maxAbsError))")
        }
        for c in vsExact ?? [] where !c.exact {
            out.append("exact reference: \(c.differing) of \(c.count) elements of '\(c.name)' differ from the "
                       + "kernel's own arithmetic (max |diff| \(c.maxAbsError))")
        }
        if let check, !check.isClean {
            out.append("race checker: " + check.signatures.joined(separator: "; "))
        }
        if let timed = run.timed, !timed.run.faults.isEmpty {
            out.append("timed schedule \(timed.run.schedule): \(timed.run.faults.count) fault(s), first: "
                       + "\(timed.run.faults[0])")
        }
        if let timed = run.timed, let runtime = timed.runtime, runtime.incompleteTasks > 0 {
            out.append("timed schedule \(timed.run.schedule): \(runtime.incompleteTasks) task(s) never completed, so "
                       + "the modeled figures cover only what ran")
        }
        return out
    }

    /// Whether every check passed.
    public var passed: Bool { failures.isEmpty }
}

/// The one front end every command uses to run a scene: make the inputs, compute the golden (and the exact
/// reference), launch, compare, judge — and, on request, write the inputs and outputs under the golden's names.
public enum SceneFrontEnd {
    /// Runs `job`. A block's fault in a functional run is thrown (`BlockFault`); in a checked run it is part of the
    /// report. With `reuse`, generated arguments and references that an earlier job of the sequence made under the
    /// same keys are taken from it (the job still gets its own outputs, emulation and comparison).
    public static func execute(_ job: SceneJob, reuse: SceneReuse? = nil) throws -> SceneOutcome {
        var phases = SceneOutcome.Phases(), cpu = SceneOutcome.Phases()
        var t = SceneRunner.monotonicSeconds(), tCPU = SceneRunner.processCPUSeconds()
        func lap(_ cpuPhase: WritableKeyPath<SceneOutcome.Phases, Double>) -> Double {
            let now = SceneRunner.monotonicSeconds(), nowCPU = SceneRunner.processCPUSeconds()
            defer { (t, tCPU) = (now, nowCPU) }
            cpu[keyPath: cpuPhase] = nowCPU - tCPU
            return now - t
        }
        let scene = job.scene, c = job.sceneCase
        try scene.validate(job.launch.options)
        let args: SceneArgs, argumentsKey: String?
        if let given = job.givenArgs {
            (args, argumentsKey) = (given, nil)
        } else if let reuse {
            (args, argumentsKey) = try reuse.arguments(scene, c, seed: job.seed)
        } else {
            (args, argumentsKey) = (try scene.makeArgs(c, seed: job.seed), nil)
        }
        phases.inputs = lap(\.inputs)
        let golden: [String: Tensor]
        if let given = job.givenExpected?.outputs {
            golden = given
        } else if let reuse {
            golden = try reuse.golden(scene, c, argumentsKey: argumentsKey) { try scene.golden(args, c) }
        } else {
            golden = try scene.golden(args, c)
        }
        // A golden that is the kernels' own arithmetic is the exact reference too (unless the expected outputs
        // came from a file, which makes no such promise).
        let exact: [String: Tensor]?
        if job.policy != .exact {
            exact = nil
        } else if scene.goldenIsBitExact && job.givenExpected == nil {
            exact = golden
        } else if let reuse {
            exact = try reuse.exactReference(scene, c, argumentsKey: argumentsKey) { try scene.exactReference(args, c) }
        } else {
            exact = try scene.exactReference(args, c)
        }
        phases.golden = lap(\.golden)
        let run = try SceneRunner.run(scene, c, args: args, launch: job.launch)
        phases.emulation = lap(\.emulation)
        var vsGolden: [SceneComparison] = [], vsExact: [SceneComparison]?
        for name in scene.outputNames {
            guard let expected = golden[name] else { throw SceneError("\(job.expectedSource) of \(scene.name) has no output '\(name)'") }
            let actual = try args.tensor(name)
            vsGolden.append(try SceneComparison.compare(name, actual: actual, expected: expected, tolerance: job.tolerance))
            if let reference = exact?[name] {
                vsExact = (vsExact ?? []) + [try SceneComparison.compare(name, actual: actual, expected: reference,
                                                                         tolerance: SceneTolerance(rtol: 0, atol: 0))]
            }
        }
        let check = job.launch.mode.isChecked ? SceneCheckReport(run.outcomes) : nil
        phases.compare = lap(\.compare)
        return SceneOutcome(job: job, run: run, vsGolden: vsGolden, vsExact: vsExact, check: check, seconds: phases,
                            cpuSeconds: cpu)
    }

    /// Writes the scene's arguments (inputs, and outputs as the run left them) under the golden's names to `path`
    /// atomically: one safetensors file, or a directory of `.npy` files.
    public static func write(_ outcome: SceneOutcome, to path: String, format: InputsFileFormat = .safetensors,
                             producer: String) throws {
        let job = outcome.job
        var metadata = ["scene": job.scene.name, "case": job.sceneCase.name, "seed": "\(job.seed)",
                        "producer": producer, "passed": outcome.passed ? "true" : "false"]
        for (k, v) in job.launch.options.variants { metadata["variant." + k] = v }
        if !job.launch.options.droppedSyncs.isEmpty {
            metadata["syncs_dropped"] = job.launch.options.droppedSyncs.sorted().joined(separator: ",")
        }
        if let timed = outcome.run.timed {
            metadata["schedule"] = timed.run.schedule.description
            metadata["cost_model"] = timed.run.parametersName
        }
        let tensors = outcome.run.args.tensors.map { (name: $0.name, tensor: $0.tensor) }
        switch format {
        case .safetensors:
            try SafeTensorsWriter.write(SafeTensorsFile(tensors: tensors, metadata: metadata), to: path)
        case .npy:
            try NPYDirectory.write(tensors, metadata: metadata, to: path)
        }
    }
}
