import PTONumerics
import Testing
@testable import PTOCore

/// `Cluster.check` collects every finding of an emulated run instead of throwing at the first sync fault.
@Suite("Cluster.check")
struct ClusterCheckTests {
    @Test func collectsHazardsLostSignalsAndDeadlockInOneReport() throws {
        let gm = GlobalMemory()
        let input = gm.register(Tensor(dtype: .f32, shape: [64]), name: "in")
        let cluster = Cluster(index: 3, gm: gm)
        var aiv0 = ScriptProgram([{ core in
            var t = Tile(.ub, rows: 1, cols: 64, .f32)
            try core.tassign(&t, 0)
            core.tload(t, GMView(input, offset: 0, rows: 1, cols: 64, rowStride: 64, .f32), label: "load")
            core.setFlag(.mte2, .v, 0, label: "first")
            core.setFlag(.mte2, .v, 0, label: "second")      // lost: the bit is still up
            core.waitFlag(.mte2, .v, 0)
            core.tmuls(t, t, 2, label: "scale")
            core.waitFlag(.mte2, .v, 0, label: "never")      // the lost set's wait: deadlock
        }])
        var aic = ScriptProgram(), aiv1 = ScriptProgram()
        let report = try cluster.check(aic: &aic, aiv0: &aiv0, aiv1: &aiv1)
        #expect(report.lostSignals.map(\.site.label) == ["second"])
        #expect(report.deadlock?.map(\.site.label) == ["never"])
        #expect(report.hazards.isEmpty, "the first set orders the load before the scale")
        #expect(!report.isClean)
        #expect(report.json().contains("\"lost_signals\": [\n    {\"core\": \"aiv0\", \"index\": 2, \"pipe\": \"MTE2\", \"label\": \"second\""))
    }

    @Test func cleanProgramGivesACleanReport() throws {
        let gm = GlobalMemory()
        let cluster = Cluster(index: 0, gm: gm)
        var aic = ScriptProgram([{ core in
            core.setFlag(.fix, .s, 7)
            core.waitFlag(.fix, .s, 7)
        }])
        var aiv0 = ScriptProgram(), aiv1 = ScriptProgram()
        let report = try cluster.check(aic: &aic, aiv0: &aiv0, aiv1: &aiv1)
        #expect(report.isClean)
        #expect(report.text().hasPrefix("clean"))
    }
}
