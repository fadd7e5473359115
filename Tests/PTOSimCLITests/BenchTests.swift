import Foundation
import Testing
import PTOCases
@testable import PTOSimCLI

/// `ptosim bench`'s arithmetic and output, on synthetic timings (the timings themselves are machine-dependent).
@Suite struct BenchTests {
    @Test func statisticsOfOddAndEvenSampleCounts() {
        let odd = SampleStats([0.5, 0.1, 0.3])
        #expect(odd.min == 0.1 && odd.median == 0.3 && odd.max == 0.5)
        let even = SampleStats([4, 1, 3, 2])
        #expect(even.median == 2.5 && even.min == 1 && even.max == 4)
    }

    /// Case1's products: 256 requests × 64 blocks × 2 matmuls × 2·16·128·128 flops = 17.18 GFLOP.
    @Test func flopCountOfCase1() throws {
        let p = try PagedAttentionCases.named("Case1").params
        #expect(ReferenceFloors.flops(p) == 256 * 64 * 2 * 2 * 16 * 128 * 128)
    }

    @Test func linearFitRecoversALine() throws {
        var bench = ScalingBench()
        for (b, c) in [(1, 100), (2, 100), (2, 200), (4, 200)] {
            let t = 0.01 + 2e-6 * Double(b * c)
            bench.points.append(.init(batch: b, contextLen: c, threads: 2, seconds: [t, t + 1, t - 1e-3]))
        }
        bench.points.append(.init(batch: 4, contextLen: 200, threads: 1, seconds: [1]))  // not part of the fit
        let fit = try #require(bench.linearFit)
        #expect(abs(fit.intercept - 0.01) < 1e-12 && abs(fit.slope - 2e-6) < 1e-15)
        #expect(fit.worstDeviation < 1e-9 && fit.sizes == 4)
    }

    @Test func jsonCarriesEveryPhaseAndFloor() throws {
        var c = CaseBench(name: "Case1", params: try PagedAttentionCases.named("Case1").params, threads: 2)
        c.samples = [(.emulation, [0.5, 0.4, 0.6]), (.checker, [1.2, 1.0, 1.1])]
        c.cpuSamples = [[1.0, 0.8, 1.2], [2.0, 2.2, 2.1]]
        c.floors = ReferenceFloors(sgemmSeconds: 0.1, streamSeconds: 0.05, freshWriteSeconds: 0.4)
        let report = BenchReport(cases: [c], scaling: nil, runs: 3)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        let cases = try #require(json["cases"] as? [[String: Any]])
        let phases = try #require(cases.first?["phases"] as? [String: Any])
        let emulation = try #require(phases["emulation"] as? [String: Any])
        let seconds = try #require(emulation["seconds"] as? [String: Any])
        #expect(seconds["median"] as? Double == 0.5)
        #expect(abs((emulation["median_over_floor"] as? Double ?? 0) - 0.5 / 0.15) < 1e-9)
        #expect((phases["emulation+checker"] as? [String: Any])?["floor"] as? String == "sgemm + stream")
        #expect(report.text.contains("emulation+checker") && report.text.contains("fresh write 0.400 s"))
    }

    /// The speed goals judged from synthetic medians: each status follows its threshold.
    @Test func goalsAreJudgedAgainstTheirFloors() throws {
        var c = CaseBench(name: "Case1", params: try PagedAttentionCases.named("Case1").params, threads: 2)
        c.samples = [(.emulation, [0.14, 0.15, 0.16]), (.checker, [0.35, 0.31, 0.33])]
        c.cpuSamples = [[0.3, 0.3, 0.3], [0.6, 0.6, 0.6]]
        c.floors = ReferenceFloors(sgemmSeconds: 0.1, streamSeconds: 0.05, freshWriteSeconds: 0.4)
        c.timedRun = TimedRunBench(seconds: [1.9, 2.2, 1.8], peakBytes: [1_200_000_000, 1_310_000_000, 1_100_000_000])
        let goals = BenchGoal.evaluate(BenchReport(cases: [c], scaling: nil, runs: 3))
        #expect(goals.map(\.met) == [true, false, false])  // 1.5x (at the bound), 2.2x, 1.31 GB over the bound
        #expect(goals[0].measured.contains("1.50x the sgemm floor 0.100 s"))
        let text = BenchReport(cases: [c], scaling: nil, runs: 3).text
        #expect(text.contains("NOT MET") && text.contains("timed-run"))
    }

    /// `--suite`'s whole-command runs: the functional suite against 10 s, the timed one against 60 s (medians), a run
    /// with a failing row timed and said so.
    @Test func suiteGoalsAreJudgedOnTheMedianWholeCommand() throws {
        let suite = SuiteBench(
            functional: TimedRunBench(seconds: [9.5, 10.5, 9.9], peakBytes: [1_400_000_000, 1_400_000_000, 1_500_000_000],
                                      statuses: [0, 0, 0]),
            timed: TimedRunBench(seconds: [61, 59, 62], peakBytes: [2_000_000_000, 2_000_000_000, 2_000_000_000],
                                 statuses: [1, 1, 0]))
        var report = BenchReport(cases: [], scaling: nil, runs: 3)
        report.suite = suite
        let goals = BenchGoal.evaluate(report)
        #expect(goals.map(\.met) == [true, false])
        #expect(goals[0].measured == "9.90 s (median)" && goals[1].target == "<= 60 s")
        #expect(report.text.contains("every row passed") && report.text.contains("2 of 3 runs had a failing row"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        let timed = try #require((json["suite"] as? [String: Any])?["timed"] as? [String: Any])
        #expect(timed["exit_statuses"] as? [Int] == [1, 1, 0])
        #expect(try PTOSimCommand.Bench.parse(["--suite"]).suite)
    }

    @Test func badOptionsAreRefused() throws {
        #expect(throws: (any Error).self) { try PTOSimCommand.Bench.parse(["--phases", "golden,warp"]) }
        #expect(throws: (any Error).self) { try PTOSimCommand.Bench.parse(["--runs", "0"]) }
        let bench = try PTOSimCommand.Bench.parse(["--phases", "emulation, golden"])
        #expect(try bench.selectedPhases() == [.emulation, .golden])
    }
}
