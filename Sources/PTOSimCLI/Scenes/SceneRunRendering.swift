import PTOCases
import PTOFormats
import PTORuntime
import PTOKernels
import PTONumerics
import PTOScenes

/// What `run --scene` prints: the case, each output's comparison, the verdict naming every failed check, and the
/// Performance Summary (host wall time, or modeled a2a3 time in the timed mode). JSON carries the same.
enum SceneRunRendering {
    static func example(_ o: SceneOutcome) -> String { "\(o.job.scene.name) (\(o.job.sceneCase.name))" }

    /// The Performance Summary row: modeled µs when timed; else the host's emulation wall time, the runtime's
    /// scheduler window (first dispatch to last completion) and its orchestration time.
    static func row(_ o: SceneOutcome) -> PerformanceSummary.Row {
        if let t = o.run.timed {
            return .init(example: example(o), elapsedMicros: t.modeled.elapsedMicros, schedMicros: t.modeled.schedMicros,
                         orchMicros: t.modeled.orchMicros)
        }
        return .init(example: example(o), elapsedMicros: o.run.emulationSeconds * 1e6,
                     schedMicros: schedSeconds(o.run.runtime) * 1e6, orchMicros: o.run.runtime.orchestrationSeconds * 1e6)
    }

    static func schedSeconds(_ r: RunReport) -> Double {
        guard let start = r.tasks.map(\.host.dispatch).min(), let end = r.tasks.map(\.host.complete).max() else { return 0 }
        return end - start
    }

    static let wallTitle = "ptosim, host wall time of the emulation — not modeled a2a3 time"

    static func modeledTitle(_ t: SceneTimedResult) -> String {
        "modeled a2a3 time — cost model \(t.run.parametersName), schedule \(t.run.schedule)"
    }

    static func text(_ o: SceneOutcome) -> String {
        let job = o.job, tol = job.scene.tolerance
        let params = job.sceneCase.params.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        var lines = ["\(job.scene.name) \(job.sceneCase.name): " + (params.isEmpty ? "" : params + ", ") + "seed \(job.seed)"]
        let opts = job.launch.options
        var variant = opts.variants.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        if !opts.droppedSyncs.isEmpty { variant.append("dropped " + opts.droppedSyncs.sorted().joined(separator: ",")) }
        if !opts.addedSyncs.isEmpty { variant.append("added " + opts.addedSyncs.sorted().joined(separator: ",")) }
        if !variant.isEmpty { lines.append("variant: " + variant.joined(separator: ", ")) }
        for c in o.vsGolden {
            lines.append("\(c.name): max |out - golden| = \(c.maxAbsError), \(c.mismatches) of \(c.count) outside "
                         + "rtol = \(tol.rtol), atol = \(tol.atol)")
        }
        for c in o.vsExact ?? [] {
            lines.append("\(c.name): " + (c.exact ? "bit-identical to the exact reference"
                                                  : "\(c.differing) elements differ from the exact reference "
                                                    + "(max |diff| \(c.maxAbsError))"))
        }
        if let check = o.check { lines.append("race checker: " + (check.isClean ? "clean" : check.signatures.joined(separator: "; "))) }
        if o.passed {
            var what = ["golden at rtol = \(tol.rtol), atol = \(tol.atol)"]
            if o.vsExact != nil { what.append("exact reference") }
            if o.check != nil { what.append("race checker") }
            lines.append("PASSED (" + what.joined(separator: "; ") + ")")
        } else {
            lines += o.failures.map { "FAILED: \($0)" }
        }
        lines.append("")
        if let t = o.run.timed {
            lines.append(PerformanceSummary(title: modeledTitle(t), rows: [row(o)]).rendered)
            // What the adversarial schedule aimed at and whether each pair ran the harmful way round.
            lines += t.run.adversarialTargets.map { "adversarial: \($0)" }
        } else {
            lines.append(PerformanceSummary(title: wallTitle, rows: [row(o)]).rendered)
        }
        if let check = o.check, !check.isClean { lines.append("\nrace checker:\n" + KernelCheckRendering.text(check)) }
        return lines.joined(separator: "\n")
    }

    static func num(_ x: Double) -> JSONValue { x.isFinite ? .number("\(x)") : .null }

    static func params(_ c: SceneCase) -> JSONValue {
        .object(c.params.map { key, value in
            switch value {
            case let .int(v): return (key, .number("\(v)"))
            case let .double(v): return (key, num(v))
            case let .string(v): return (key, .string(v))
            case let .ints(v): return (key, .array(v.map { .number("\($0)") }))
            }
        })
    }

    static func json(_ o: SceneOutcome) -> JSONValue {
        let job = o.job, opts = job.launch.options, row = row(o)
        let exact = Dictionary(uniqueKeysWithValues: (o.vsExact ?? []).map { ($0.name, $0) })
        var hazards = JSONValue.null
        if let check = o.check { hazards = KernelCheckRendering.json(check) }
        return .object([
            ("scene", .string(job.scene.name)), ("case", .string(job.sceneCase.name)), ("params", params(job.sceneCase)),
            ("seed", .number("\(job.seed)")),
            ("variants", .object(opts.variants.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("syncs_dropped", .array(opts.droppedSyncs.sorted().map { .string($0) })),
            ("syncs_added", .array(opts.addedSyncs.sorted().map { .string($0) })),
            ("rtol", num(job.scene.tolerance.rtol)), ("atol", num(job.scene.tolerance.atol)),
            ("verdict_policy", .string(job.policy.rawValue)),
            ("outputs", .array(o.vsGolden.map { c in
                .object([("name", .string(c.name)), ("elements", .number("\(c.count)")),
                         ("max_abs_diff_vs_golden", num(c.maxAbsError)), ("outside_tolerance", .number("\(c.mismatches)")),
                         ("differ_from_exact_reference", exact[c.name].map { .number("\($0.differing)") } ?? .null)])
            })),
            ("passed", .bool(o.passed)),
            ("failures", .array(o.failures.map { .string($0) })),
            ("race_check", hazards),
            ("tasks", .number("\(o.run.runtime.tasks.count)")),
            ("wall_seconds", .object([("inputs", num(o.seconds.inputs)), ("golden", num(o.seconds.golden)),
                                      ("emulation", num(o.seconds.emulation)), ("compare", num(o.seconds.compare))])),
            ("adversarial_targets", o.run.timed.map { t in .array(t.run.adversarialTargets.map { .string("\($0)") }) }
                ?? .null),
            (o.run.timed == nil ? "host_us" : "modeled_us",
             .object([("elapsed", num(row.elapsedMicros)), ("sched", num(row.schedMicros)), ("orch", num(row.orchMicros))])),
        ])
    }
}
