import Foundation
import Testing
import PTOTestSupport

/// `ptosim run --timing` and `ptosim trace`, run as the built binary on a small case.
@Suite struct TimingCommandTests {
    static let small = ["--batch", "2", "--num-heads", "16", "--context-len", "512"]

    @Test func runTimingFillsTheModeledFiguresInJSON() throws {
        let r = try Subprocess.run(Subprocess.ptosimBinary, ["run"] + Self.small + ["--timing", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let modeled = try #require(json["modeled_us"] as? [String: Double])
        #expect(Set(modeled.keys) == ["elapsed", "sched", "orch"])
        // The default (predicting) set fits its fixed orchestration cost so that one task's Orch is the mean of
        // spmd_paged_attention's two on-board rows, (6.6 + 5.9) / 2 us.
        #expect(modeled["elapsed"]! > modeled["orch"]! && abs(modeled["orch"]! - 6.25) < 1e-6)
        #expect((json["timing"] as? [String: Any])?["cost_model"] as? String == "a2a3-public (predicting)")
        let util = try #require(json["pipe_utilisation"] as? [String: [String: Double]])
        #expect(Set(util["aic"]!.keys) == ["S", "MTE1", "MTE2", "MTE3", "M", "FIX"])
        #expect(Set(util["aiv"]!.keys) == ["S", "MTE2", "MTE3", "V"])
        #expect(util["aic"]!["MTE2"]! > 0 && util["aiv"]!["V"]! > 0)
        #expect(json["max_abs_diff_vs_kernel_reference"] as? Double == 0)
    }

    @Test func noPrefetchIsReportedAndModeledSlower() throws {
        func elapsed(_ extra: [String]) throws -> (Double, [String: Any]) {
            // The public set: under the predicting set's fitted issue cost the small case is issue-bound, and the
            // prefetch saves nothing there.
            let r = try Subprocess.run(Subprocess.ptosimBinary,
                                       ["run"] + Self.small + ["--timing", "--cost-model", "public", "--json"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            return (try #require((json["modeled_us"] as? [String: Double])?["elapsed"]), json)
        }
        let (with, a) = try elapsed([]), (without, b) = try elapsed(["--no-prefetch"])
        #expect(a["prefetch_kv"] as? Bool == true && b["prefetch_kv"] as? Bool == false)
        #expect(b["max_abs_diff_vs_kernel_reference"] as? Double == 0)
        #expect(without > with, "with prefetch \(with) us, without \(without) us")
    }

    @Test func runTimingTextSaysTheFiguresAreModeled() throws {
        let r = try Subprocess.run(Subprocess.ptosimBinary, ["run"] + Self.small + ["--schedule", "nominal"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Performance Summary (modeled a2a3 time — cost model a2a3-public (predicting), schedule nominal)"))
        #expect(r.stdout.contains("aiv pipe utilisation: S "))
    }

    @Test func traceWritesChromeTraceJSONForTheChosenLogicalBlocks() throws {
        let dir = TemporaryDirectory("ptosim-trace")
        defer { dir.remove() }
        let path = dir.file("t.json")
        let r = try Subprocess.run(Subprocess.ptosimBinary, ["trace"] + Self.small + ["--blocks", "1", "--out", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("\(path): "))
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let events = try #require(root["traceEvents"] as? [[String: Any]])
        let processes = Set(events.filter { $0["name"] as? String == "process_name" }
            .compactMap { ($0["args"] as? [String: Any])?["name"] as? String })
        // Logical block 0 runs on hardware block 0 only.
        #expect(processes == ["aic0", "aiv0.0", "aiv0.1"])
        let names = events.filter { $0["ph"] as? String == "X" }.compactMap { $0["name"] as? String }
        #expect(names.contains("TPUSH.store aiv.sf.tpush-pij[0]") && names.contains("TMATMUL aic.qk.tmatmul[3]"))
        #expect(events.contains { $0["ph"] as? String == "s" } && events.contains { $0["ph"] as? String == "f" })
        #expect(dir.entries() == ["t.json"])   // written atomically: no temporary left behind
    }

    @Test func scheduleOptionsThatDoNotFitAreOneLineErrors() throws {
        let a = try Subprocess.run(Subprocess.ptosimBinary, ["run"] + Self.small + ["--schedule", "random"])
        #expect(a.status == 2 && a.stderr == "ptosim: error: --schedule random needs --schedule-seed K\n")
        let b = try Subprocess.run(Subprocess.ptosimBinary, ["run"] + Self.small + ["--timing", "--cost-model", "/nonexistent.json"])
        #expect(b.status == 2 && b.stderr == "ptosim: error: --cost-model /nonexistent.json: cannot read the cost-model file\n")
        let c = try Subprocess.run(Subprocess.ptosimBinary, ["run"] + Self.small + ["--timing", "--cost-model", "fitted"])
        #expect(c.status == 2 && c.stderr == "ptosim: error: --cost-model fitted: not a named cost model (public, "
                + "pto-fitted-dma, history, calibrated, predicting) nor a file\n")
    }
}
