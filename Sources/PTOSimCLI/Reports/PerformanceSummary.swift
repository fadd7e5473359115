/// The "Performance Summary" table in simpler's on-board report layout (Example | Elapsed | Sched | Orch, in µs),
/// with a header line that says whether the figures are host wall time or modeled a2a3 time.
public struct PerformanceSummary: Sendable {
    public struct Row: Sendable {
        public var example: String
        public var elapsedMicros: Double
        public var schedMicros: Double
        public var orchMicros: Double
        /// The row's verdict (PASS, FAIL, not ported) when the table has a Result column; nil times print as "-".
        public var result: String?
        public var hasTimes: Bool
        public init(example: String, elapsedMicros: Double, schedMicros: Double, orchMicros: Double,
                    result: String? = nil) {
            self.example = example
            self.elapsedMicros = elapsedMicros
            self.schedMicros = schedMicros
            self.orchMicros = orchMicros
            self.result = result
            hasTimes = true
        }

        /// A row with no figures (a scene that did not run), only its result.
        public init(example: String, result: String) {
            self.init(example: example, elapsedMicros: 0, schedMicros: 0, orchMicros: 0, result: result)
            hasTimes = false
        }
    }

    public var title: String
    public var rows: [Row]

    public init(title: String, rows: [Row]) {
        self.title = title
        self.rows = rows
    }

    public var rendered: String {
        let rule = String(repeating: "=", count: 64)
        func pad(_ s: String, _ n: Int, right: Bool) -> String {
            s.count >= n ? s : (right ? String(repeating: " ", count: n - s.count) + s : s + String(repeating: " ", count: n - s.count))
        }
        func us(_ x: Double) -> String {
            let tenths = Int((x * 10).rounded())
            return "\(tenths / 10).\(abs(tenths % 10))"
        }
        let withResult = rows.contains { $0.result != nil }
        // simpler's %-40s column, widened to the longest example so the columns stay aligned.
        let width = max(40, rows.map(\.example.count).max() ?? 0)
        var lines = [rule, "  Performance Summary (\(title))", rule, "",
                     "  " + pad("Example", width, right: false) + "  " + pad("Elapsed (us)", 12, right: true) + "  "
                         + pad("Sched (us)", 12, right: true) + "  " + pad("Orch (us)", 12, right: true)
                         + (withResult ? "  Result" : ""),
                     "  " + String(repeating: "-", count: width) + "  " + String(repeating: "-", count: 12) + "  "
                         + String(repeating: "-", count: 12) + "  " + String(repeating: "-", count: 12)
                         + (withResult ? "  " + String(repeating: "-", count: 10) : "")]
        for r in rows {
            func cell(_ x: Double) -> String { pad(r.hasTimes ? us(x) : "-", 12, right: true) }
            lines.append("  " + pad(r.example, width, right: false) + "  " + cell(r.elapsedMicros)
                         + "  " + cell(r.schedMicros) + "  " + cell(r.orchMicros)
                         + (withResult ? "  " + (r.result ?? "") : ""))
        }
        lines += ["", rule]
        return lines.joined(separator: "\n")
    }
}
