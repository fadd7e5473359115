import PTOFormats
import PTONumerics
import PTOCases

/// What `ptosim bench` prints: per case, the reference figures and min / median / max of every phase with its ratio
/// to its floor; then, when asked, the scaling table. Text for people, JSON (`--json`) for scripts and BENCHMARKS.md.
struct BenchReport {
    var cases: [CaseBench]
    var scaling: (name: String, bench: ScalingBench)?
    var runs: Int
    /// Whole `ptosim suite` processes, when `--suite` asked for them.
    var suite: SuiteBench?

    var text: String {
        var lines: [String] = []
        for c in cases {
            let f = c.floors
            let gflop = ReferenceFloors.flops(c.params) / 1e9
            lines.append("\(c.name): \(c.params.summary)")
            lines.append("  \(runs) runs, \(c.threads) threads, host SIMD path \(SIMDPath.active); "
                         + "work: \(BenchGoal.fmt(gflop, 1)) GFLOP fp32 GEMM, "
                         + "\(ByteSize.describe(c.params.inputByteCount)) of inputs")
            lines.append("  reference figures: sgemm \(secs(f.sgemmSeconds)) (\(BenchGoal.fmt(gflop / f.sgemmSeconds, 0)) GFLOP/s), "
                         + "stream read \(secs(f.streamSeconds)) "
                         + "(\(BenchGoal.fmt(Double(c.params.inputByteCount) / 1e9 / f.streamSeconds, 1)) GB/s), "
                         + "fresh write \(secs(f.freshWriteSeconds))")
            let header = ["phase", "min", "median", "max", "floor", "median/floor", "cpu (median)"]
            var rows = [header]
            for (i, (phase, samples)) in c.samples.enumerated() {
                let s = SampleStats(samples)
                rows.append([phase.rawValue, secs(s.min), secs(s.median), secs(s.max),
                             "\(phase.floorName) \(secs(c.floor(phase)))", "\(BenchGoal.fmt(s.median / c.floor(phase), 1))x",
                             secs(SampleStats(c.cpuSamples[i]).median)])
            }
            lines += table(rows).map { "  " + $0 }
            if let t = c.timedRun, !t.seconds.isEmpty {
                let s = SampleStats(t.seconds)
                lines.append("  timed-run (`ptosim run --case \(c.name) --timing`, whole process): \(secs(s.min)) / "
                             + "\(secs(s.median)) / \(secs(s.max)) (min / median / max), peak RSS up to "
                             + ByteSize.describe(t.peakBytes.max() ?? 0))
            }
            lines.append("")
        }
        if let suite {
            for (command, t) in [("ptosim suite", suite.functional), ("ptosim suite --timing", suite.timed)] {
                let s = SampleStats(t.seconds)
                let failing = t.statuses.filter { $0 != 0 }.count
                lines.append("`\(command)`, whole process: \(secs(s.min)) / \(secs(s.median)) / \(secs(s.max)) "
                             + "(min / median / max), peak RSS up to \(ByteSize.describe(t.peakBytes.max() ?? 0)); "
                             + (failing == 0 ? "every row passed" : "\(failing) of \(t.statuses.count) runs had a failing row"))
            }
            lines.append("")
        }
        let goals = BenchGoal.evaluate(self)
        if !goals.isEmpty {
            lines.append("speed goals (floors measured in this run):")
            var rows = [["goal", "target", "measured", "status"]]
            for g in goals { rows.append([g.name, g.target, g.measured, g.met ? "MET" : "NOT MET"]) }
            lines += table(rows).map { "  " + $0 }
        }
        if let (name, bench) = scaling {
            lines.append("scaling of the emulation (\(name) scaled down; median of \(runs) runs):")
            var rows = [["batch", "context", "threads", "median", "ns per request·token", "speed-up vs 1 thread"]]
            let single = bench.points.first { $0.threads == 1 }
            for p in bench.points {
                let m = SampleStats(p.seconds).median
                var speedup = ""
                if let single, p.threads > 1, p.batch == single.batch, p.contextLen == single.contextLen {
                    speedup = "\(BenchGoal.fmt(SampleStats(single.seconds).median / m, 2))x"
                }
                rows.append(["\(p.batch)", "\(p.contextLen)", "\(p.threads)", secs(m),
                             BenchGoal.fmt(m * 1e9 / Double(p.work), 0), speedup])
            }
            lines += table(rows).map { "  " + $0 }
            if let fit = bench.linearFit {
                lines.append("  least-squares line over the \(fit.sizes) sizes: \(secs(fit.intercept)) + "
                             + "\(BenchGoal.fmt(fit.slope * 1e9, 0)) ns × batch·context; largest deviation "
                             + "\(BenchGoal.fmt(fit.worstDeviation * 100, 0)) % of the time")
            }
        }
        return lines.joined(separator: "\n")
    }

    var json: String {
        func num(_ x: Double) -> JSONValue { x.isFinite ? .number("\(x)") : .null }
        func stats(_ samples: [Double]) -> JSONValue {
            let s = SampleStats(samples)
            return .object([("min", num(s.min)), ("median", num(s.median)), ("max", num(s.max)),
                            ("runs", .array(samples.map(num)))])
        }
        let caseValues: [JSONValue] = cases.map { c in
            .object([
                ("case", .string(c.name)),
                ("params", .string(c.params.summary)),
                ("threads", .number("\(c.threads)")),
                ("gflop", num(ReferenceFloors.flops(c.params) / 1e9)),
                ("input_bytes", .number("\(c.params.inputByteCount)")),
                ("reference_seconds", .object([("sgemm", num(c.floors.sgemmSeconds)),
                                               ("stream_read", num(c.floors.streamSeconds)),
                                               ("fresh_write", num(c.floors.freshWriteSeconds))])),
                ("timed_run", c.timedRun.map { t in
                    .object([("seconds", stats(t.seconds)),
                             ("peak_rss_bytes", .array(t.peakBytes.map { .number("\($0)") }))])
                } ?? .null),
                ("phases", .object(c.samples.enumerated().map { i, sample in
                    let (phase, samples) = sample
                    return (phase.rawValue, .object([("seconds", stats(samples)),
                                              ("cpu_seconds", stats(c.cpuSamples[i])),
                                              ("floor", .string(phase.floorName)),
                                              ("floor_seconds", num(c.floor(phase))),
                                              ("median_over_floor", num(SampleStats(samples).median / c.floor(phase)))]))
                })),
            ])
        }
        var members: [(key: String, value: JSONValue)] = [("runs", .number("\(runs)")), ("cases", .array(caseValues))]
        if let suite {
            func process(_ t: TimedRunBench) -> JSONValue {
                .object([("seconds", stats(t.seconds)), ("peak_rss_bytes", .array(t.peakBytes.map { .number("\($0)") })),
                         ("exit_statuses", .array(t.statuses.map { .number("\($0)") }))])
            }
            members.append(("suite", .object([("functional", process(suite.functional)),
                                              ("timed", process(suite.timed))])))
        }
        members.append(("goals", .array(BenchGoal.evaluate(self).map { g in
            .object([("goal", .string(g.name)), ("target", .string(g.target)), ("measured", .string(g.measured)),
                     ("met", .bool(g.met))])
        })))
        if let (name, bench) = scaling {
            let fit: JSONValue = bench.linearFit.map {
                .object([("intercept_seconds", num($0.intercept)), ("seconds_per_request_token", num($0.slope)),
                         ("worst_relative_deviation", num($0.worstDeviation))])
            } ?? .null
            members.append(("scaling", .object([
                ("case", .string(name)),
                ("linear_fit", fit),
                ("points", .array(bench.points.map { p in
                    .object([("batch", .number("\(p.batch)")), ("context_len", .number("\(p.contextLen)")),
                             ("threads", .number("\(p.threads)")), ("seconds", stats(p.seconds))])
                })),
            ])))
        }
        return JSONValue.object(members).serialized
    }

    private func secs(_ x: Double) -> String { "\(BenchGoal.fmt(x, 3)) s" }

    private func table(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { col in rows.map { $0[col].count }.max() ?? 0 }
        return rows.map { cells in
            cells.enumerated().map { i, cell in
                i == 0 ? cell.padding(widths[i]) : String(repeating: " ", count: widths[i] - cell.count) + cell
            }.joined(separator: "  ")
        }
    }
}

private extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}

/// Minimum, median and maximum of repeated timings (the median of an even count is the mean of the middle two).
struct SampleStats {
    let min: Double
    let median: Double
    let max: Double

    init(_ samples: [Double]) {
        let s = samples.sorted()
        guard let first = s.first, let last = s.last else {
            self.min = .nan; median = .nan; self.max = .nan
            return
        }
        self.min = first
        self.max = last
        median = s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
