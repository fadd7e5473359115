import PTONumerics
import PTOFormats
import PTOCases
import PTOKernels

/// What `ptosim run` prints: the verdict, the differences, and the Performance Summary (text or JSON).
struct RunVerdict {
    let label: String
    let inputs: PagedAttentionInputs
    let plan: SyncPlan
    let vsGolden: OutputComparison
    let vsKernel: OutputComparison?
    let goldenSource: String
    let tolerance: Float
    let seconds: (inputs: Double, golden: Double, emulation: Double, total: Double)
    let emulationMicros: Double
    let schedMicros: Double
    let orchMicros: Double
    /// The race checker's findings when the run was checked.
    let races: KernelCheckReport?
    /// The timed mode's figures (nil: the Performance Summary gives host wall time).
    var modeled: ModeledSummary? = nil

    /// Every check that failed: the golden at the tolerance, the kernel-formulation reference bit for bit (when
    /// computed), the race checker (when the run was checked).
    var failures: [String] {
        var out: [String] = []
        if !vsGolden.passed {
            out.append("\(vsGolden.failures) elements outside rtol = atol = \(tolerance) of the \(goldenSource)")
        }
        if let vsKernel, vsKernel.failures > 0 {
            out.append("\(vsKernel.failures) elements differ from the kernel-formulation reference (bit-exact check; "
                       + "--verdict tolerance skips it)")
        }
        if let races, !races.isClean {
            out.append("race checker: " + races.signatures.joined(separator: "; "))
        }
        return out
    }

    /// Whether every check passed.
    var passed: Bool { failures.isEmpty }

    var example: String {
        let name = label.split(separator: "/").last.map(String.init) ?? label
        return "spmd_paged_attention (\(name))"
    }

    var text: String {
        let p = inputs.params
        var lines = ["\(label): \(p.summary)",
                     "events \(plan.scheme.rawValue)"
                         + (plan.dropped.isEmpty ? "" : ", dropped \(plan.dropped.sorted().joined(separator: ","))")
                         + (plan.pijMte3ToV ? ", added pij-mte3-v" : "")
                         + (plan.prefetchKV ? "" : ", no K/V prefetch")]
        lines.append("max |out - \(goldenSource)| = \(vsGolden.maxAbsDiff) at \(index(vsGolden.worstIndex))")
        if let vsKernel {
            lines.append("max |out - kernel-formulation reference| = \(vsKernel.maxAbsDiff)"
                         + (vsKernel.failures == 0 ? " (bit-identical)" : " (\(vsKernel.failures) elements differ)"))
        }
        if passed {
            lines.append("PASSED (rtol = atol = \(tolerance)" + (races == nil ? "" : "; race checker clean") + ")")
        } else {
            lines += failures.map { "FAILED: \($0)" }
        }
        lines.append("")
        if let modeled {
            lines.append(PerformanceSummary(title: modeled.title, rows: [
                .init(example: example, elapsedMicros: modeled.times.elapsedMicros, schedMicros: modeled.times.schedMicros,
                      orchMicros: modeled.times.orchMicros),
            ]).rendered)
            lines += modeled.lines
        } else {
            lines.append(PerformanceSummary(title: "ptosim, host wall time of the emulation — not modeled a2a3 time", rows: [
                .init(example: example, elapsedMicros: emulationMicros, schedMicros: schedMicros,
                      orchMicros: orchMicros),
            ]).rendered)
        }
        return lines.joined(separator: "\n")
    }

    var json: String {
        func num(_ x: Double) -> JSONValue { x.isFinite ? .number("\(x)") : .null }
        func num(_ x: Float) -> JSONValue { x.isFinite ? .number("\(x)") : .null }
        let params = (try? JSONParser.parse(inputs.paramsJSON)) ?? .null
        var hazardsJSON = JSONValue.null
        if let races, let list = KernelCheckRendering.json(races)["hazards"] { hazardsJSON = list }
        let value = JSONValue.object([
            // The case by name (`--case`, "(modified)" with parameter options), "custom", or the `--inputs` path.
            ("case_name", .string(label)),
            ("case", params),
            // What `max_abs_diff_vs_golden` and `passed` compare with: the golden reference, or the file's own `out`.
            ("compared_with", .string(inputs.out == nil ? "golden" : "file_out")),
            ("events", .string(plan.scheme.rawValue)),
            ("syncs_added", .array(plan.pijMte3ToV ? [.string("pij-mte3-v")] : [])),
            ("syncs_dropped", .array(plan.dropped.sorted().map { .string($0) })),
            ("prefetch_kv", .bool(plan.prefetchKV)),
            ("max_abs_diff_vs_golden", num(vsGolden.maxAbsDiff)),
            ("max_abs_diff_vs_kernel_reference", vsKernel.map { num($0.maxAbsDiff) } ?? .null),
            ("passed", .bool(passed)),
            ("passed_golden", .bool(vsGolden.passed)),
            ("failures", .array(failures.map { .string($0) })),
            ("rtol", num(tolerance)), ("atol", num(tolerance)),
            ("wall_seconds", .object([("inputs", num(seconds.inputs)), ("golden", num(seconds.golden)),
                                      ("emulation", num(seconds.emulation)), ("total", num(seconds.total))])),
            ("hazards", hazardsJSON),
            ("modeled_us", modeled?.modeledUs ?? .null),
            ("pipe_utilisation", modeled?.utilisation ?? .null),
            ("timing", modeled?.details ?? .null),
        ])
        return value.serialized
    }

    func index(_ flat: Int) -> String {
        "[" + Shape.index(of: flat, in: [inputs.params.batch, inputs.params.numHeads, inputs.params.headDim]).map(String.init).joined(separator: ", ") + "]"
    }
}
