/// The runtime's lanes of a Chrome trace: the AICPU orchestrator thread (each submit, scope step and back-pressure
/// stall), each scheduler thread (dispatch passes and completions it handled), and on every core a `tasks` track
/// with the task block it ran — sorted above the per-pipe tracks of the cores.
extension ChromeTrace {
    /// Process ids of the runtime threads (above every core's `cluster * 3 + core + 1`).
    static let orchestratorPid = 100_000

    static func runtimeLanes(_ r: RuntimeTimes, into w: inout Writer) {
        let threads = Set(r.threadSpans.map(\.thread)).union([-1]).sorted()
        for t in threads {
            let pid = orchestratorPid + t + 1
            w.meta("process_name", pid: pid, tid: nil, arg: "name",
                   quote(t < 0 ? "AICPU orchestrator" : "AICPU scheduler \(t)"))
            w.meta("process_sort_index", pid: pid, tid: nil, arg: "sort_index", "\(t - 10)")
        }
        for s in r.threadSpans {
            let name = s.task >= 0 ? "\(s.name) task \(s.task)" : s.name
            w.span(name, startNs: s.startNs, endNs: s.endNs, pid: orchestratorPid + s.thread + 1, tid: 0)
        }
        var named = Set<Int>()
        for c in r.coreSpans {
            let pid = pid(c.cluster, c.slot)
            if named.insert(pid).inserted {
                w.meta("thread_name", pid: pid, tid: 0, arg: "name", quote("tasks"))
                w.meta("thread_sort_index", pid: pid, tid: 0, arg: "sort_index", "0")
            }
            w.span("task \(c.task) block \(c.blockIdx)", startNs: c.startNs, endNs: c.endNs, pid: pid, tid: 0)
        }
    }
}
