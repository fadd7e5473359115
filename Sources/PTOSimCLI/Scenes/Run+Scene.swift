import ArgumentParser
import PTOCases
import PTOCore
import PTOKernels
import PTOScenes

extension PTOSimCommand.Run {
    /// `run --scene NAME --case CASE`: the scene through the library front end (inputs, golden, exact reference,
    /// launch, comparison, verdict), printed as text or JSON, written with --out.
    func runScene() throws {
        try SceneCommandSupport.refuseCaseOptions(input, extra: [
            (sharding.shard != nil || sharding.shardCount != nil, "--shard"), (toleranceOption != nil, "--tolerance (a scene is judged at its test's tolerance)"),
            (noKernelReference, "--no-kernel-reference (use --verdict tolerance)"),
        ])
        let (scene, sceneCase) = try sceneSelection.resolve(caseName: input.caseName)
        let mode: LaunchMode
        if timingOptions.enabled {
            mode = .timed(TimedChip(options: try timingOptions.chipOptions()))
        } else if checkRaces {
            mode = .checked(overlappingPipes: [])
        } else {
            mode = .functional
        }
        if let outPath {
            var o = OutputOptions()
            o.path = outPath
            o.format = format ?? .safetensors
            try o.checkDestination()
        }
        let job = SceneJob(scene: scene, sceneCase: sceneCase, seed: input.effectiveSeed,
                           launch: try sceneSelection.launch(scene, kernel: kernel, threads: execution.workers, mode: mode),
                           policy: verdict)
        let outcome = try SceneCommandSupport.launching { try SceneFrontEnd.execute(job) }
        if let outPath {
            try SceneFrontEnd.write(outcome, to: outPath, format: format ?? .safetensors,
                                    producer: "ptosim run --scene" + (timingOptions.enabled ? " --timing" : ""))
        }
        if !job.launch.options.droppedSyncs.isEmpty && !checkRaces && !timingOptions.enabled {
            StandardError.warn("a functional run executes in program order, where a missing sync cannot change the "
                               + "data; add --check-races to see what the dropped syncs leave unordered")
        }
        let kinds = Dictionary(grouping: outcome.run.outcomes.warnings, by: \.kind)
        for (kind, list) in kinds.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            StandardError.warn("\(list.count) \(kind.rawValue) sync pattern(s), "
                               + "\(list.reduce(0) { $0 + $1.count }) occurrences (details: ptosim check --scene)")
        }
        print(json ? SceneRunRendering.json(outcome).serialized : SceneRunRendering.text(outcome))
        if execution.timings {
            let s = outcome.seconds
            StandardError.write("timings: inputs \(fixed(s.inputs, 3)) s, golden \(fixed(s.golden, 3)) s, emulation "
                                + "\(fixed(s.emulation, 3)) s, compare \(fixed(s.compare, 3)) s\n")
        }
        if !outcome.passed { throw ExitCode(1) }
    }
}
