import PTOFormats

/// Writes a modeled timeline as Chrome trace-event JSON (the format Perfetto and chrome://tracing open).
///
/// - One process per core: `aic<c>`, `aiv<c>.0`, `aiv<c>.1` for cluster c; one thread (track) per pipe.
/// - Each instruction is a complete ("X") event named `<OP> <label>` with its byte ranges in `args`.
/// - Each satisfied wait is the end of a flow from the set that satisfied it: intra-core set_flag → wait_flag, and
///   cross-core sets → wait_flag_dev, which is how TPUSH reaches TPOP (data ready) and TPOP frees TPUSH's slot.
/// Times are in µs (`ts`, `dur`), from the first block's start.
public enum ChromeTrace {
    /// The JSON text. `include(block, core, index)` selects the instructions to write (all when nil).
    /// With `runtime` (a runtime timed run), lanes for the orchestrator thread, each scheduler thread and each
    /// core's tasks come first, and times count from the first scheduler thread's start.
    public static func json(_ blocks: [TimelineBlock], clockHz: Double, title: String, runtime: RuntimeTimes? = nil,
                            include: ((Int, Int, Int) -> Bool)? = nil) -> String {
        let origin = runtime == nil ? blocks.map(\.startCycles).filter { $0 >= 0 }.min() ?? 0 : 0
        var w = Writer(origin: origin, clockHz: clockHz)
        w.out.reserveCapacity(1 << 20)
        w.out += "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"title\":\(quote(title))},\"traceEvents\":[\n"
        if let runtime { runtimeLanes(runtime, into: &w) }
        for (b, block) in blocks.enumerated() {
            for c in 0..<3 {
                let pid = pid(block.cluster, c)
                let name = c == 0 ? "aic\(block.cluster)" : "aiv\(block.cluster).\(c - 1)"
                w.meta("process_name", pid: pid, tid: nil, arg: "name", quote(name))
                w.meta("process_sort_index", pid: pid, tid: nil, arg: "sort_index", "\(pid)")
                for pipe in Pipe.allCases where pipe.exists(on: c == 0 ? .aic : .aiv) {
                    w.meta("thread_name", pid: pid, tid: tid(pipe), arg: "name", quote(pipe.name))
                    w.meta("thread_sort_index", pid: pid, tid: tid(pipe), arg: "sort_index", "\(tid(pipe))")
                }
                for (i, e) in block.cores[c].enumerated() where e.startCycles >= 0 {
                    if let include, !include(b, c, i) { continue }
                    w.slice(e, pid: pid, index: i)
                }
            }
            flows(block, blockIndex: b, include: include, into: &w)
        }
        w.out += "\n]}\n"
        return w.out
    }

    static func pid(_ cluster: Int, _ core: Int) -> Int { cluster * 3 + core + 1 }
    static func tid(_ pipe: Pipe) -> Int { Int(pipe.rawValue) + 1 }

    /// Flows from each set to the wait it satisfied, matched in time order per flag: the k-th wait on a 1-bit
    /// flag takes the k-th set; the k-th unit a wait_flag_dev consumes is the k-th set that reached the counter
    /// (from each AIV of the reduce group, for an AIC).
    private static func flows(_ block: TimelineBlock, blockIndex b: Int, include: ((Int, Int, Int) -> Bool)?,
                              into w: inout Writer) {
        typealias Ref = (core: Int, index: Int, time: Double)
        var sets: [String: [Ref]] = [:], waits: [String: [(Ref, Int)]] = [:]
        for c in 0..<3 {
            for (i, e) in block.cores[c].enumerated() where e.startCycles >= 0 {
                switch e.record.event {
                case let .setFlag(src, dst, id):
                    sets["f\(c):\(src):\(dst):\(id)", default: []].append((c, i, e.endCycles))
                case let .waitFlag(src, dst, id):
                    waits["f\(c):\(src):\(dst):\(id)", default: []].append(((c, i, e.startCycles), 1))
                case let .crossSet(flag, targets):
                    for t in targets { sets["x\(t):\(flag):\(t == 0 ? c : 0)", default: []].append((c, i, e.endCycles)) }
                case let .crossWait(flag, count):
                    for lane in c == 0 ? [1, 2] : [0] {
                        waits["x\(c):\(flag):\(lane)", default: []].append(((c, i, e.startCycles), count))
                    }
                default:
                    break
                }
            }
        }
        for (key, list) in waits {
            let producers = (sets[key] ?? []).sorted { $0.time < $1.time }
            var next = 0
            for (wait, count) in list.sorted(by: { $0.0.time < $1.0.time }) {
                for _ in 0..<count where next < producers.count {
                    let set = producers[next]
                    next += 1
                    if let include, !include(b, set.core, set.index) || !include(b, wait.core, wait.index) { continue }
                    let from = block.cores[set.core][set.index], to = block.cores[wait.core][wait.index]
                    w.flow(from: from, fromPid: pid(block.cluster, set.core), to: to, toPid: pid(block.cluster, wait.core),
                           name: key.hasPrefix("x") ? "cross-core \(from.record.labelText)" : "flag \(from.record.labelText)")
                }
            }
        }
    }

    /// A JSON string literal.
    static func quote(_ s: String) -> String { JSONValue.quoted(s) }

    struct Writer {
        var out = ""
        let origin: Double
        let microsPerCycle: Double
        var flowID = 0
        var count = 0

        /// Starts the next event (a comma between events, none after the last).
        mutating func next() {
            if count > 0 { out += ",\n" }
            count += 1
        }

        init(origin: Double, clockHz: Double) {
            self.origin = origin
            microsPerCycle = 1e6 / clockHz
        }

        func us(_ cycles: Double) -> String {
            let v = (cycles - origin) * microsPerCycle
            return "\((v * 1e6).rounded() / 1e6)"
        }

        /// A slice at `startNs`…`endNs` (from time 0) on `pid`/`tid`.
        mutating func span(_ name: String, startNs: Double, endNs: Double, pid: Int, tid: Int) {
            let ts = startNs / 1000 - origin * microsPerCycle
            let dur = max(0, endNs - startNs) / 1000
            next()
            out += "{\"name\":\(ChromeTrace.quote(name)),\"cat\":\"runtime\",\"ph\":\"X\",\"ts\":\((ts * 1e6).rounded() / 1e6)"
            out += ",\"dur\":\((dur * 1e6).rounded() / 1e6),\"pid\":\(pid),\"tid\":\(tid)}"
        }

        mutating func meta(_ name: String, pid: Int, tid: Int?, arg: String, _ value: String) {
            next()
            out += "{\"name\":\"\(name)\",\"ph\":\"M\",\"pid\":\(pid)"
            if let tid { out += ",\"tid\":\(tid)" }
            out += ",\"args\":{\"\(arg)\":\(value)}}"
        }

        mutating func slice(_ e: TimelineEntry, pid: Int, index: Int) {
            let r = e.record
            let dur = max(e.endCycles - e.startCycles, 0) * microsPerCycle
            next()
            out += "{\"name\":\(ChromeTrace.quote("\(r.op.name) \(r.labelText)")),\"cat\":\"\(r.pipe.name)\",\"ph\":\"X\""
            out += ",\"ts\":\(us(e.startCycles)),\"dur\":\((dur * 1e6).rounded() / 1e6),\"pid\":\(pid),\"tid\":\(ChromeTrace.tid(r.pipe))"
            out += ",\"args\":{\"index\":\(index),\"op\":\"\(r.op.name)\""
            if !r.reads.isEmpty { out += ",\"reads\":\(ChromeTrace.quote(r.reads.map(\.description).joined(separator: " ")))" }
            if !r.writes.isEmpty { out += ",\"writes\":\(ChromeTrace.quote(r.writes.map(\.description).joined(separator: " ")))" }
            out += "}}"
        }

        mutating func flow(from: TimelineEntry, fromPid: Int, to: TimelineEntry, toPid: Int, name: String) {
            flowID += 1
            let n = ChromeTrace.quote(name)
            // The start binds to the set's slice (at its end), the finish to the wait's slice (at its start).
            let fromTs = max(from.startCycles, from.endCycles - 1e-3)
            next()
            out += "{\"name\":\(n),\"cat\":\"sync\",\"ph\":\"s\",\"id\":\(flowID),\"ts\":\(us(fromTs)),\"pid\":\(fromPid)"
            out += ",\"tid\":\(ChromeTrace.tid(from.record.pipe))}"
            next()
            out += "{\"name\":\(n),\"cat\":\"sync\",\"ph\":\"f\",\"bp\":\"e\",\"id\":\(flowID),\"ts\":\(us(to.startCycles))"
            out += ",\"pid\":\(toPid),\"tid\":\(ChromeTrace.tid(to.record.pipe))}"
        }
    }
}
