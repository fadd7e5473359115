import ArgumentParser
import PTONumerics
import PTOFormats
import PTOCases
import PTOCore
import PTOGolden
import PTOKernels

extension PTOSimCommand.Run {
    /// `run --timing`: the kernel on the timed model of the die; the output is what the modeled schedule computes
    /// (so a schedule that opens a race shows its numerical effect), and the Performance Summary gives modeled µs.
    func runTimed(_ inputs: PagedAttentionInputs, plan: SyncPlan, golden: Tensor, clock: Stopwatch,
                  seconds: (inputs: Double, golden: Double)) throws {
        var clock = clock
        let chip = try timingOptions.chipOptions()
        let timed: PagedAttentionTimedResult
        do {
            timed = try PagedAttentionKernel.runTimed(inputs, options: PagedAttentionRunOptions(
                plan: plan, clusters: kernel.clusters, threads: execution.workers), timing: chip)
        } catch let fault as KernelFault {
            StandardError.write("ptosim: kernel fault: \(fault)\n")
            throw ExitCode(1)
        }
        let tEmulation = clock.lapSeconds("timed emulation")
        if !timed.run.faults.isEmpty {
            for f in timed.run.faults.prefix(5) {
                StandardError.write("ptosim: kernel fault (schedule \(timed.run.schedule)): \(f)\n")
            }
            if timed.run.faults.count > 5 { StandardError.write("ptosim: … \(timed.run.faults.count - 5) more faults\n") }
            throw ExitCode(1)
        }
        let kernelRef = noKernelReference || verdict == .tolerance ? nil
            : PagedAttentionReference.kernel(inputs, workers: execution.workers)
        let vsGolden = OutputComparison(timed.out, golden, rtol: tolerance, atol: tolerance)
        let vsKernel = kernelRef.map { OutputComparison(timed.out, $0, rtol: 0, atol: 0) }
        clock.lap("compare")
        if let outPath {
            let metadata = plan.outputMetadata.merging([
                "params": inputs.paramsJSON, "producer": "ptosim run --timing",
                "schedule": timed.run.schedule.description, "cost_model": timed.run.parametersName,
            ]) { $1 }
            try SafeTensorsWriter.write(SafeTensorsFile(tensors: [("out", timed.out)], metadata: metadata), to: outPath)
            clock.lap("write")
        }
        let total = clock.phases.reduce(0) { $0 + $1.seconds }
        var report = RunVerdict(label: input.label, inputs: inputs, plan: plan, vsGolden: vsGolden, vsKernel: vsKernel,
                               goldenSource: inputs.out == nil ? "golden reference" : "the file's out",
                               tolerance: tolerance, seconds: (seconds.inputs, seconds.golden, tEmulation, total),
                               emulationMicros: tEmulation * 1e6, schedMicros: timed.simulationSeconds * 1e6,
                               orchMicros: timed.captureSeconds * 1e6, races: nil)
        report.modeled = ModeledSummary(timed, hardware: HardwareReference.find(caseName: input.label, scheme: plan.scheme))
        print(json ? report.json : report.text)
        if execution.timings {
            StandardError.write("timings: \(clock.summary) (capture \(String(format3: timed.captureSeconds)) s, "
                                + "simulation \(String(format3: timed.simulationSeconds)) s)\n")
        }
        if !report.passed { throw ExitCode(1) }
    }
}
