import Foundation
import PTOTestSupport
import Testing

/// Programs that would hang on the chip are reported by the built binary within a second, with what every core
/// (or the runtime's scope) waits on.
@Suite struct HangReportTests {
    /// The AIC waits for pij, which aiv0 sends only after sij, which the AIC sends only after pij; aiv1 waits on an
    /// event nobody sets. All three are blocked and all three are listed.
    static let circular = """
        {"cores": [
          {"name": "aic", "kind": "aic", "program": [
            {"op": "cross_wait", "flag": 2, "label": "wait pij"},
            {"op": "cross_set", "pipe": "FIX", "flag": 0, "to": ["aiv0", "aiv1"], "label": "sij ready"}]},
          {"name": "aiv0", "kind": "aiv", "program": [
            {"op": "cross_wait", "flag": 0, "label": "wait sij"},
            {"op": "cross_set", "pipe": "MTE3", "flag": 2, "to": ["aic"], "label": "pij ready"}]},
          {"name": "aiv1", "kind": "aiv", "program": [
            {"op": "wait_flag", "src": "MTE2", "dst": "V", "event": 3, "label": "never set"}]}
        ]}
        """

    @Test func deadlockedTraceListsEveryCoreWithinASecond() throws {
        let dir = TemporaryDirectory("ptosim-hang")
        defer { dir.remove() }
        let path = dir.write("deadlock.json", Array(Self.circular.utf8))
        let r = try MeasuredProcess.run(Subprocess.ptosimBinary, ["check", "--trace", path])
        #expect(r.status == 1 && r.seconds < TestTiming.bound(1), "status \(r.status) after \(r.seconds) s")
        #expect(r.stdout == """
            deadlock:
              aic[0] cross_wait 'wait pij' on S waits for cross-core flag 2 (needs 1, has 0)
              aiv0[0] cross_wait 'wait sij' on S waits for cross-core flag 0 (needs 1, has 0)
              aiv1[0] wait_flag 'never set' on V waits for flag MTE2->V #3, which no issued set_flag can raise

            """)
    }

    /// A ring scope that can never drain: the orchestrator would wait forever for its own tasks.
    @Test func ringScopeDeadlockWithinASecond() throws {
        let r = try MeasuredProcess.run(Subprocess.ptosimBinary, ["stress", "--tasks", "200", "--task-window", "16",
                                                                  "--scope-tasks", "40", "--seed", "3"])
        #expect(r.status == 2 && r.seconds < TestTiming.bound(1), "status \(r.status) after \(r.seconds) s: \(r.stderr)")
        #expect(r.stderr.hasPrefix("ptosim: error: scope deadlock on ring "), "\(r.stderr)")
        #expect(r.stderr.contains("the task window is 16 (a scope may hold at most 15)"))
    }
}
