import PTONumerics
import PTOFormats
import PTOCases
import PTOKernels

/// What `ptosim run` prints: the verdict, the differences, and the Performance Summary (text or JSON).
struct RunReport {
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

    var example: String {
        let name = label.split(separator: "/").last.map(String.init) ?? label
        return "spmd_paged_attention (\(name))"
    }

    var text: String {
        let p = inputs.params
        var lines = ["\(label): \(p.summary)",
                     "events \(plan.scheme.rawValue)"
                         + (plan.dropped.isEmpty ? "" : ", dropped \(plan.dropped.sorted().joined(separator: ","))")
                         + (plan.pijMte3ToV ? ", added pij-mte3-v" : "")]
        lines.append("max |out - \(goldenSource)| = \(vsGolden.maxAbsDiff) at \(index(vsGolden.worstIndex))")
        if let vsKernel {
            lines.append("max |out - kernel-formulation reference| = \(vsKernel.maxAbsDiff)"
                         + (vsKernel.failures == 0 ? " (bit-identical)" : " (\(vsKernel.failures) elements differ)"))
        }
        lines.append(vsGolden.passed ? "PASSED (rtol = atol = \(tolerance))"
                                     : "FAILED: \(vsGolden.failures) elements outside rtol = atol = \(tolerance)")
        lines.append("")
        lines.append(PerformanceSummary(title: "ptosim, host wall time of the emulation — not modeled a2a3 time", rows: [
            .init(example: example, elapsedMicros: emulationMicros, schedMicros: schedMicros,
                  orchMicros: orchMicros),
        ]).rendered)
        return lines.joined(separator: "\n")
    }

    var json: String {
        func num(_ x: Double) -> JSONValue { x.isFinite ? .number("\(x)") : .null }
        func num(_ x: Float) -> JSONValue { x.isFinite ? .number("\(x)") : .null }
        let params = (try? JSONParser.parse(inputs.paramsJSON)) ?? .null
        let value = JSONValue.object([
            ("case", params),
            ("events", .string(plan.scheme.rawValue)),
            ("syncs_added", .array(plan.pijMte3ToV ? [.string("pij-mte3-v")] : [])),
            ("syncs_dropped", .array(plan.dropped.sorted().map { .string($0) })),
            ("max_abs_diff_vs_golden", num(vsGolden.maxAbsDiff)),
            ("max_abs_diff_vs_kernel_reference", vsKernel.map { num($0.maxAbsDiff) } ?? .null),
            ("passed", .bool(vsGolden.passed)),
            ("rtol", num(tolerance)), ("atol", num(tolerance)),
            ("wall_seconds", .object([("inputs", num(seconds.inputs)), ("golden", num(seconds.golden)),
                                      ("emulation", num(seconds.emulation)), ("total", num(seconds.total))])),
            ("hazards", .null),
            ("modeled_us", .null),
        ])
        return value.serialized
    }

    func index(_ flat: Int) -> String {
        "[" + Shape.index(of: flat, in: [inputs.params.batch, inputs.params.numHeads, inputs.params.headDim]).map(String.init).joined(separator: ", ") + "]"
    }
}
