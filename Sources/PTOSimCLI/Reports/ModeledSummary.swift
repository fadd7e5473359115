import PTOCore
import PTOFormats
import PTOKernels
import PTOScenes

/// The a2a3 hardware timings PR #708 reported for simpler's spmd_paged_attention (Elapsed / Sched / Orch, µs).
struct HardwareReference: Sendable {
    var elapsed: Double
    var sched: Double
    var orch: Double
    var note: String

    /// The reference for a named case and event scheme, if the PR measured it.
    static func find(caseName: String, scheme: EventScheme) -> HardwareReference? {
        switch (caseName, scheme) {
        case ("Case1", .perSlot): return .init(elapsed: 1325.3, sched: 1325.3, orch: 5.8, note: "PR #708 after fix")
        case ("Case1", .shared): return .init(elapsed: 1316.5, sched: 1316.5, orch: 6.2, note: "PR #708 before fix")
        case ("Case2", .perSlot): return .init(elapsed: 694.4, sched: 694.4, orch: 6.1, note: "PR #708 after fix")
        case ("Case2", .shared): return .init(elapsed: 694.4, sched: 694.4, orch: 6.1, note: "PR #708 before fix")
        default: return nil
        }
    }
}

/// The timed mode's part of `ptosim run`'s report: modeled Elapsed/Sched/Orch, pipe utilisation per core type,
/// what the schedule did, and the hardware figures when the case has them.
struct ModeledSummary {
    let times: ModeledTimes
    let run: TimedRun
    let hardware: HardwareReference?
    let wallSeconds: (capture: Double, simulation: Double)

    init(_ timed: SceneTimedResult, hardware: HardwareReference?) {
        times = timed.modeled
        run = timed.run
        self.hardware = hardware
        wallSeconds = (timed.captureSeconds, timed.simulationSeconds)
    }

    init(_ timed: PagedAttentionTimedResult, hardware: HardwareReference?) {
        times = timed.modeled
        run = timed.run
        self.hardware = hardware
        wallSeconds = (timed.captureSeconds, timed.simulationSeconds)
    }

    var title: String { "modeled a2a3 time — cost model \(run.parametersName), schedule \(run.schedule)" }

    /// Lines printed after the Performance Summary table.
    var lines: [String] {
        var out: [String] = []
        if let h = hardware {
            let ratio = times.elapsedMicros / h.elapsed
            out.append("  hardware (a2a3, \(h.note)): Elapsed \(h.elapsed) us, Orch \(h.orch) us; "
                       + "modeled / hardware = \(fixed(ratio, 3))")
        }
        out.append("  kernel window \(fixed(times.kernelMicros, 1)) us over \(run.blocks.count) blocks, "
                   + "\(run.instructionCount) instructions; HBM \(fixed(run.hbmBytes / 1e6, 1)) MB, peak "
                   + "\(fixed(run.hbmPeakFraction * 100, 0))% of bandwidth")
        for kind in [CoreKind.aic, .aiv] {
            let pipes = run.utilisation.filter { $0.coreKind == kind }
            guard !pipes.isEmpty else { continue }
            out.append("  \(kind == .aic ? "aic" : "aiv") pipe utilisation: "
                       + pipes.map { "\($0.pipe) \(fixed($0.busyFraction * 100, 0))%" }.joined(separator: ", "))
        }
        for t in run.adversarialTargets { out.append("  adversarial: \(t)") }
        return out
    }

    var modeledUs: JSONValue {
        .object([("elapsed", num(times.elapsedMicros)), ("sched", num(times.schedMicros)), ("orch", num(times.orchMicros))])
    }

    var utilisation: JSONValue {
        .object([CoreKind.aic, .aiv].map { kind in
            (kind == .aic ? "aic" : "aiv",
             .object(run.utilisation.filter { $0.coreKind == kind }.map { ("\($0.pipe)", num($0.busyFraction)) }))
        })
    }

    var details: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("cost_model", .string(run.parametersName)), ("schedule", .string(run.schedule.description)),
            ("kernel_us", num(times.kernelMicros)), ("instructions", .number("\(run.instructionCount)")),
            ("hbm_bytes", num(run.hbmBytes)), ("hbm_peak_fraction", num(run.hbmPeakFraction)),
            ("adversarial_targets", .array(run.adversarialTargets.map { .string($0.description) })),
            ("wall_seconds", .object([("capture", num(wallSeconds.capture)), ("simulation", num(wallSeconds.simulation))])),
        ]
        if let h = hardware {
            fields.append(("hardware_us", .object([("elapsed", num(h.elapsed)), ("sched", num(h.sched)),
                                                   ("orch", num(h.orch)), ("source", .string(h.note))])))
        }
        return .object(fields)
    }

    private func num(_ x: Double) -> JSONValue { x.isFinite ? .number("\(x)") : .null }
}
