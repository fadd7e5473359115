import ArgumentParser
import PTOFormats
import PTOCases
import PTOCore
import PTOKernels
import PTOScenes

extension PTOSimCommand {
    /// `ptosim trace`: the modeled timeline of a case as a Chrome trace (Perfetto, chrome://tracing).
    public struct Trace: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Write the modeled a2a3 timeline of a case as Chrome trace-event JSON (Perfetto, chrome://tracing).",
            discussion: """
                The whole case runs on the timed model of the die (all clusters share the HBM bandwidth); the trace \
                keeps the instructions of the first --blocks logical blocks. One process per core (aic0, aiv0.0, \
                aiv0.1, …), one track per pipe, one slice per instruction with its label; flows link every set to the \
                wait it satisfied, including TPUSH → TPOP (data ready) and TPOP → TPUSH (slot free). Times are modeled \
                µs. The file is written atomically. With --scene NAME --case CASE the scene runs on the timed model instead \
                (MIX tasks; --blocks then keeps the first K hardware blocks).
                """)

        @OptionGroup public var input: CaseOptions
        @OptionGroup public var kernel: KernelOptions
        @OptionGroup public var execution: ExecutionOptions
        @OptionGroup public var timingOptions: TimingOptions
        @OptionGroup public var sceneSelection: SceneSelection

        @Option(help: "Keep the first K logical blocks (request × q-tile units of the SPMD stride loop); default: all.")
        public var blocks: Int?

        @Option(name: .customLong("out"), help: "The trace file to write.")
        public var outPath: String

        public init() {}

        public func validate() throws {
            if let blocks, blocks < 1 { throw UsageError("--blocks must be at least 1, got \(blocks)") }
        }

        public func run() throws {
            InterruptCleanup.install()
            try OutputOptions.checkFile(outPath)
            if sceneSelection.isSet {
                try traceScene()
                return
            }
            let plan = try kernel.plan()
            var clock = Stopwatch()
            let inputs = try input.makeInputs(workers: execution.workers)
            for warning in inputs.warnings { StandardError.warn(warning) }
            clock.lap("inputs")
            let timed: PagedAttentionTimedResult
            do {
                timed = try PagedAttentionKernel.runTimed(inputs, options: PagedAttentionRunOptions(
                    plan: plan, clusters: kernel.clusters, threads: execution.workers),
                    timing: try timingOptions.chipOptions(applyEffects: false))
            } catch let fault as KernelFault {
                StandardError.write("ptosim: kernel fault: \(fault)\n")
                throw ExitCode(1)
            }
            clock.lap("timed emulation")
            let p = inputs.params, limit = blocks ?? p.logicalBlocks
            let hwBlocks = PAConfig.hardwareBlocks
            // Logical block L runs on hardware block L mod 24, so the first K need the first min(K, 24) blocks.
            let timeline = timed.chip.timeline(blocks: min(limit, hwBlocks))
            let owners = timeline.map { PagedAttentionKernel.logicalBlocks(of: $0, hardwareBlockCount: hwBlocks, params: p) }
            let title = "ptosim trace \(input.label), events \(plan.scheme.rawValue), schedule \(timed.run.schedule), "
                + "cost model \(timed.run.parametersName), first \(limit) logical block(s)"
            let text = ChromeTrace.json(timeline, clockHz: timed.run.clockHz, title: title) { b, c, i in
                owners[b][c][i] < limit
            }
            let writer = try AtomicFileWriter(destination: outPath)
            try writer.write(Array(text.utf8))
            try writer.commit()
            clock.lap("write")
            let kept = owners.reduce(0) { $0 + $1.reduce(0) { $0 + $1.filter { $0 < limit }.count } }
            print("\(outPath): \(kept) instructions of \(min(limit, p.logicalBlocks)) logical block(s) on "
                  + "\(timeline.count) cluster(s); modeled Elapsed \(fixed(timed.modeled.elapsedMicros, 1)) us "
                  + "(schedule \(timed.run.schedule))")
            for f in timed.run.faults.prefix(5) { StandardError.write("ptosim: kernel fault (timed): \(f)\n") }
            if execution.timings { StandardError.write("timings: \(clock.summary)\n") }
        }
    }
}

extension PTOSimCommand.Trace {
    /// `trace --scene`: the scene on the timed model, its timeline as a Chrome trace.
    func traceScene() throws {
        try SceneCommandSupport.refuseCaseOptions(input)
        let (scene, sceneCase) = try sceneSelection.resolve(caseName: input.caseName)
        let chip = TimedChip(options: try timingOptions.chipOptions(applyEffects: false))
        let launch = try sceneSelection.launch(scene, kernel: kernel, threads: execution.workers, mode: .timed(chip))
        let run = try SceneCommandSupport.launching {
            try SceneRunner.run(scene, sceneCase, args: scene.makeArgs(sceneCase, seed: input.effectiveSeed), launch: launch)
        }
        guard let timed = run.timed else { throw UsageError("the timed model produced no timeline") }
        let timeline = timed.chip.timeline(blocks: blocks)
        let title = "ptosim trace \(scene.name) \(sceneCase.name), schedule \(timed.run.schedule), cost model "
            + "\(timed.run.parametersName)" + (blocks.map { ", first \($0) hardware block(s)" } ?? "")
        let text = ChromeTrace.json(timeline, clockHz: timed.run.clockHz, title: title, runtime: timed.runtime)
        let writer = try AtomicFileWriter(destination: outPath)
        try writer.write(Array(text.utf8))
        try writer.commit()
        let kept = timeline.reduce(0) { $0 + $1.cores.reduce(0) { $0 + $1.count } }
        print("\(outPath): \(kept) instructions of \(timeline.count) block(s), runtime lanes for the orchestrator and "
              + "\(Set(timed.runtime.threadSpans.map(\.thread)).subtracting([-1]).count) scheduler thread(s); modeled Elapsed "
              + "\(fixed(timed.modeled.elapsedMicros, 1)) us (schedule \(timed.run.schedule))")
        for f in timed.run.faults.prefix(5) { StandardError.write("ptosim: kernel fault (timed): \(f)\n") }
        if !timed.run.faults.isEmpty { throw ExitCode(1) }
    }
}
