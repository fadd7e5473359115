import PTOScenes

/// The modeled Performance Summary next to the on-board one: per row and figure, modeled µs, on-board µs and the
/// error (modeled − board) / board.
struct TimingComparison {
    struct Row {
        var scene: String
        var caseName: String
        var modeled: PerformanceSummary.Row?
    }

    let board: OnBoardTable
    let rows: [Row]

    static func error(_ modeled: Double, _ board: Double) -> String {
        guard board > 0 else { return "-" }
        let e = (modeled - board) / board * 100
        return (e >= 0 ? "+" : "") + fixed(e, 1, nonFinite: "-") + "%"
    }

    var rendered: String {
        var lines = ["  Modeled vs on-board (\(board.source.prefix(while: { $0 != ":" })))", ""]
        let header = ["Example", "Elapsed", "board", "err", "Sched", "board", "err", "Orch", "board", "err"]
        let widths = [44, 9, 9, 8, 9, 9, 8, 9, 9, 8]
        func line(_ cells: [String]) -> String {
            zip(cells, widths).enumerated().map { i, cw in
                let (c, w) = cw
                let pad = String(repeating: " ", count: max(0, w - c.count))
                return i == 0 ? "  " + c + pad : pad + c
            }.joined(separator: " ")
        }
        lines.append(line(header))
        for r in rows {
            let example = "\(r.scene) (\(r.caseName))"
            guard let m = r.modeled, m.hasTimes, let b = board.row(scene: r.scene, caseName: r.caseName) else {
                lines.append(line([example, "-", "-", "-", "-", "-", "-", "-", "-", "-"]))
                continue
            }
            func f(_ v: Double) -> String { fixed(v, 1, nonFinite: "-") }
            lines.append(line([example, f(m.elapsedMicros), f(b.elapsed), Self.error(m.elapsedMicros, b.elapsed),
                               f(m.schedMicros), f(b.sched), Self.error(m.schedMicros, b.sched),
                               f(m.orchMicros), f(b.orch), Self.error(m.orchMicros, b.orch)]))
        }
        return lines.joined(separator: "\n")
    }
}
