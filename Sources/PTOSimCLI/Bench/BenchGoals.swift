/// The speed goals `ptosim bench` judges (the project's targets for the emulator), each against a floor or a figure
/// measured in the same run.
struct BenchGoal {
    var name: String
    /// What was measured, in words with numbers.
    var measured: String
    /// The goal, in words.
    var target: String
    var met: Bool

    /// The goals that the measured figures of `report` allow to judge (a phase not run gives no goal).
    static func evaluate(_ report: BenchReport) -> [BenchGoal] {
        var goals: [BenchGoal] = []
        for c in report.cases {
            let sgemm = c.floors.sgemmSeconds
            if ["Case1", "Case2"].contains(c.name), let emulation = c.median(.emulation), sgemm > 0 {
                let ratio = emulation / sgemm
                goals.append(BenchGoal(
                    name: "\(c.name) emulation, fast mode",
                    measured: "\(fmt(emulation, 3)) s = \(fmt(ratio, 2))x the sgemm floor \(fmt(sgemm, 3)) s",
                    target: "<= 1.5x the sgemm floor", met: ratio <= 1.5))
            }
            if c.name == "Case1", let emulation = c.median(.emulation), let checker = c.median(.checker) {
                let ratio = checker / emulation
                goals.append(BenchGoal(
                    name: "Case1 with the race checker",
                    measured: "\(fmt(checker, 3)) s = \(fmt(ratio, 2))x fast mode",
                    target: "<= 2x fast mode", met: ratio <= 2))
            }
            if c.name == "Case1", let timed = c.timedRun, !timed.seconds.isEmpty {
                let wall = SampleStats(timed.seconds).median
                let peak = Double(timed.peakBytes.max() ?? 0) / 1e9
                goals.append(BenchGoal(
                    name: "`ptosim run --case Case1 --timing`, whole process",
                    measured: "\(fmt(wall, 2)) s (median), peak RSS \(fmt(peak, 2)) GB (largest)",
                    target: "<= 2.0 s and <= 1.3 GB", met: wall <= 2.0 && peak <= 1.3))
            }
        }
        if let suite = report.suite {
            for (name, t, limit) in [("`ptosim suite`, functional, whole process", suite.functional, 10.0),
                                     ("`ptosim suite --timing`, whole process", suite.timed, 60.0)] where !t.seconds.isEmpty {
                let wall = SampleStats(t.seconds).median
                goals.append(BenchGoal(name: name, measured: "\(fmt(wall, 2)) s (median)",
                                       target: "<= \(fmt(limit, 0)) s", met: wall <= limit))
            }
        }
        return goals
    }

    /// `x` with `digits` decimals; "-" when it is not finite.
    static func fmt(_ x: Double, _ digits: Int) -> String { fixed(x, digits, nonFinite: "-") }
}
