import PTOCases
import PTOCore
import PTOKernels
import PTONumerics
import PTORuntime
#if canImport(Glibc)
import Glibc
#endif

/// How to launch a scene.
public struct SceneLaunch: Sendable {
    /// Simulated clusters; nil takes the case's block dim (24 on a2a3).
    public var clusters: Int?
    /// Host threads the clusters' blocks are spread over.
    public var threads: Int
    /// Functional, checked or timed.
    public var mode: LaunchMode
    /// Sync edits and kernel variants.
    public var options: SceneOptions
    /// Whether the run records the catalogue of syncs the kernels issue (`SceneRun.syncCatalogue`).
    public var recordSyncs: Bool
    /// A runtime configuration to run under (ring sizes, e.g. simpler's ring-stress sizes); its cluster count and
    /// host threads replace `clusters` and `threads`. Nil: default rings.
    public var runtime: RuntimeConfig?

    public init(clusters: Int? = nil, threads: Int = Parallel.defaultWorkers, mode: LaunchMode = .functional,
                options: SceneOptions = SceneOptions(), recordSyncs: Bool = false, runtime: RuntimeConfig? = nil) {
        self.clusters = clusters
        self.threads = threads
        self.mode = mode
        self.options = options
        self.recordSyncs = recordSyncs
        self.runtime = runtime
    }
}

/// What one scene run produced.
public struct SceneRun: @unchecked Sendable {
    /// The arguments it ran on; the output tensors among them hold what the kernels wrote.
    public let args: SceneArgs
    /// Everything the runtime recorded (tasks, blocks, rings).
    public let runtime: RunReport
    /// Warnings, faults and check reports of the blocks.
    public let outcomes: LaunchOutcomes
    /// Host wall time of the launch (kernel registration, orchestration, every block), seconds.
    public let emulationSeconds: Double
    /// The syncs the kernels issued, when the launch recorded them.
    public let syncCatalogue: [SyncSite]
    /// The timed model's result, when the launch was timed.
    public let timed: SceneTimedResult?

    /// The scene's outputs by name.
    public func outputs(_ scene: any Scene) throws -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for name in scene.outputNames { out[name] = try args.tensor(name) }
        return out
    }
}

/// What the timed model made of a scene run: the die's modeled schedule, the Performance Summary figures, and the
/// chip holding the timeline (for traces). The outputs in `SceneRun.args` are what the modeled schedule computed.
public struct SceneTimedResult: @unchecked Sendable {
    public let run: TimedRun
    public let modeled: ModeledTimes
    /// The orchestrator's and scheduler threads' modeled spans and each core's tasks; nil when the adversarial
    /// schedule ran a one-task launch on the one-task model, without the runtime's threads.
    public let runtime: RuntimeTimes?
    public let chip: TimedChip
    /// Host wall time of the capture pass (registration, orchestration, capture) and of the simulation, seconds.
    public let captureSeconds: Double
    public let simulationSeconds: Double
}

/// The one launch path every scene takes: a `KernelHost` over fresh GM, the scene's kernels registered on it, a
/// `Runtime` over the host's registry, and the scene's orchestration submitting its tasks — so the tensormap, the
/// rings and back-pressure order the work, never the scene.
public enum SceneRunner {
    /// Runs `scene` on `args` (made by `scene.makeArgs`). In functional mode a block's fault is thrown as a
    /// `BlockFault`; in checked mode faults land in the block reports.
    public static func run(_ scene: any Scene, _ sceneCase: SceneCase, args: SceneArgs,
                           launch: SceneLaunch = SceneLaunch()) throws -> SceneRun {
        let start = monotonicSeconds()
        let clusters = launch.runtime?.clusters ?? launch.clusters ?? sceneCase.blockDim
        try scene.validate(launch.options)
        let syncs = LaunchSyncs(dropped: launch.options.droppedSyncs,
                                recordCatalogue: launch.recordSyncs || !launch.options.droppedSyncs.isEmpty)
        let host = KernelHost(clusterCount: clusters, mode: launch.mode, syncs: syncs)
        try scene.registerKernels(on: host, sceneCase, options: launch.options)
        let runtime = try Runtime(config: launch.runtime ?? RuntimeConfig(clusters: clusters,
                                                                          hostThreads: max(1, launch.threads)),
                                  kernels: host.registry)
        let orchestrationArgs = try OrchestrationArgs(args)
        let report: RunReport
        do {
            report = try runtime.run { orch in try scene.orchestrate(orch, orchestrationArgs, sceneCase) }
        } catch {
            // A kernel fault reaches the runtime as a failed body; report the block's own fault.
            if let first = host.outcomes.blockFaults.first { throw first }
            if let refusal = host.outcomes.timedRefusal { throw refusal }
            throw error
        }
        let catalogue = syncs.recordCatalogue ? host.syncCatalogue : []
        // A dropped label no kernel issued is a typo or a sync this case never reaches: refuse, do not ignore it.
        let reached = Set(catalogue.map(\.name))
        if let missing = launch.options.droppedSyncs.sorted().first(where: { !reached.contains($0) }) {
            throw UnknownSyncLabel(label: missing, hint: "see `ptosim check --scene \(scene.name) --case \(sceneCase.name) "
                                   + "--list-syncs`")
        }
        var timed: SceneTimedResult?
        if let chip = launch.mode.timedChip {
            let captured = monotonicSeconds()
            if case .adversarial = chip.options.schedule, report.tasks.count == 1 {
                // A one-task launch keeps the one-task timing model it has always run the adversarial schedule on
                // (each cluster's blocks back to back after a fixed start), so its results stay as recorded. Launches
                // of several tasks run it on the runtime replay below.
                let p = chip.options.parameters
                let run = chip.simulate(startCycles: ModeledTimes.firstBlockStartCycles(p, tasks: 1),
                                        betweenBlocksCycles: ModeledTimes.betweenBlocksCycles(p))
                timed = SceneTimedResult(run: run, modeled: ModeledTimes(run: run, parameters: p), runtime: nil,
                                         chip: chip, captureSeconds: captured - start,
                                         simulationSeconds: monotonicSeconds() - captured)
            } else {
                let (run, times) = chip.simulateRuntime(plan: RuntimePlan(report: report)) { cluster, slot in
                    host.physicalCore(cluster: cluster, slot: slot)
                }
                let done = monotonicSeconds()
                let modeled = ModeledTimes(elapsedMicros: times.elapsedMicros, schedMicros: times.schedMicros,
                                           orchMicros: times.orchMicros, kernelMicros: run.microseconds(run.kernelCycles))
                timed = SceneTimedResult(run: run, modeled: modeled, runtime: times, chip: chip,
                                         captureSeconds: captured - start, simulationSeconds: done - captured)
            }
        }
        return SceneRun(args: args, runtime: report, outcomes: host.outcomes,
                        emulationSeconds: monotonicSeconds() - start, syncCatalogue: catalogue, timed: timed)
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// CPU seconds (user + system) the process has used so far, over all its threads.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
