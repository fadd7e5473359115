import PTONumerics
import PTOCases
import PTOGolden
import PTOKernels

/// The phases `ptosim bench` times: what `ptosim run` does, one at a time, plus the kernel under the race checker.
enum BenchPhase: String, CaseIterable, Sendable {
    case generation
    case golden
    case kernelReference = "kernel-reference"
    case emulation
    case checker = "emulation+checker"
    /// `ptosim run --timing` as a separate process (wall time and peak memory of the whole process).
    case timedRun = "timed-run"

    /// Which reference figure bounds the phase from below.
    var floorName: String { self == .generation ? "fresh write" : "sgemm + stream" }
}

/// Timings of one case: every run of every phase, and the reference figures measured alongside.
struct CaseBench {
    let name: String
    let params: PagedAttentionParams
    let threads: Int
    var samples: [(phase: BenchPhase, seconds: [Double])] = []
    /// Process CPU seconds (user + system, all threads) of each run, in the order of `samples`.
    var cpuSamples: [[Double]] = []
    var floors = ReferenceFloors(sgemmSeconds: 0, streamSeconds: 0, freshWriteSeconds: 0)
    /// Whole-process timed runs, when that phase was asked for.
    var timedRun: TimedRunBench?

    /// The median wall time of `phase`, when it ran.
    func median(_ phase: BenchPhase) -> Double? {
        samples.first { $0.phase == phase }.map { SampleStats($0.seconds).median }
    }

    func floor(_ phase: BenchPhase) -> Double {
        phase == .generation ? floors.freshWriteSeconds : floors.sgemmSeconds + floors.streamSeconds
    }
}

/// Runs the phases of a case `runs` times each, in the order of `BenchPhase`, on one input set (the last one
/// generated), then measures the reference figures.
struct BenchRunner {
    var runs: Int
    var workers: Int
    var clusters: Int
    var plan: SyncPlan
    var seed: UInt64
    var phases: Set<BenchPhase>
    /// Called before each timed run (progress on a terminal).
    var progress: (String) -> Void = { _ in }

    func run(name: String, params: PagedAttentionParams) throws -> CaseBench {
        var bench = CaseBench(name: name, params: params, threads: workers)
        var inputs: PagedAttentionInputs?
        var times: [Double] = [], cpu: [Double] = []
        for r in 0..<(phases.contains(.generation) ? runs : 1) {
            progress("\(name) generation \(r + 1)/\(runs)")
            inputs = nil  // release the previous set first, so the peak holds one input set
            let start = Stopwatch.now(), cpuStart = Stopwatch.processCPUSeconds()
            inputs = try PagedAttentionInputs.generate(params, seed: seed, workers: workers)
            times.append(Stopwatch.now() - start)
            cpu.append(Stopwatch.processCPUSeconds() - cpuStart)
        }
        if phases.contains(.generation) {
            bench.samples.append((.generation, times))
            bench.cpuSamples.append(cpu)
        }
        guard let inputs else { return bench }

        for phase in BenchPhase.allCases where phase != .generation && phase != .timedRun && phases.contains(phase) {
            var seconds: [Double] = [], cpu: [Double] = []
            for r in 0..<runs {
                progress("\(name) \(phase.rawValue) \(r + 1)/\(runs)")
                let cpuStart = Stopwatch.processCPUSeconds()
                seconds.append(try time(phase, inputs))
                cpu.append(Stopwatch.processCPUSeconds() - cpuStart)
            }
            bench.samples.append((phase, seconds))
            bench.cpuSamples.append(cpu)
        }
        progress("\(name) reference figures")
        bench.floors = ReferenceFloors.measure(inputs, workers: workers)
        return bench
    }

    /// Wall seconds of one run of `phase`.
    func time(_ phase: BenchPhase, _ inputs: PagedAttentionInputs) throws -> Double {
        let start = Stopwatch.now()
        switch phase {
        case .generation:
            _ = try PagedAttentionInputs.generate(inputs.params, seed: seed, workers: workers)
        case .golden:
            _ = PagedAttentionReference.golden(inputs, workers: workers)
        case .kernelReference:
            _ = PagedAttentionReference.kernel(inputs, workers: workers)
        case .emulation:
            _ = try PagedAttentionKernel.run(inputs, options: PagedAttentionRunOptions(
                plan: plan, clusters: clusters, threads: workers))
        case .checker:
            // Findings do not stop a benchmark (a plan with dropped syncs is timed like any other).
            _ = PagedAttentionKernel.check(inputs, plan: plan, clusters: clusters, threads: workers)
        case .timedRun:
            break  // a separate process: TimedRunBench
        }
        return Stopwatch.now() - start
    }
}
