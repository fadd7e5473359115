/// The "Performance Summary" table in simpler's on-board report layout (Example | Elapsed | Sched | Orch, in µs),
/// with a header line that says whether the figures are host wall time or modeled a2a3 time.
public struct PerformanceSummary: Sendable {
    public struct Row: Sendable {
        public var example: String
        public var elapsedMicros: Double
        public var schedMicros: Double
        public var orchMicros: Double
        public init(example: String, elapsedMicros: Double, schedMicros: Double, orchMicros: Double) {
            self.example = example
            self.elapsedMicros = elapsedMicros
            self.schedMicros = schedMicros
            self.orchMicros = orchMicros
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
        var lines = [rule, "  Performance Summary (\(title))", rule, "",
                     "  " + pad("Example", 40, right: false) + "  " + pad("Elapsed (us)", 12, right: true) + "  "
                         + pad("Sched (us)", 12, right: true) + "  " + pad("Orch (us)", 12, right: true),
                     "  " + String(repeating: "-", count: 40) + "  " + String(repeating: "-", count: 12) + "  "
                         + String(repeating: "-", count: 12) + "  " + String(repeating: "-", count: 12)]
        for r in rows {
            lines.append("  " + pad(r.example, 40, right: false) + "  " + pad(us(r.elapsedMicros), 12, right: true)
                         + "  " + pad(us(r.schedMicros), 12, right: true) + "  " + pad(us(r.orchMicros), 12, right: true))
        }
        lines += ["", rule]
        return lines.joined(separator: "\n")
    }
}
