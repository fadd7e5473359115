/// The die's HBM bandwidth shared by every DMA that reads it at once, as a fluid: each active flow gets a max-min
/// fair share of the total, never more than its own core's path bandwidth. Whenever a flow joins or leaves, every
/// flow's remaining bytes are brought up to date and the rates are shared out again, so the completion times of
/// transfers running side by side on different clusters stretch as the die saturates.
struct BandwidthPool {
    struct Flow {
        var core: Int32
        var op: Int32
        var remaining: Double
        /// Path bandwidth of the flow's core (bytes/cycle), after any perturbation.
        var cap: Double
        var rate: Double = 0
    }

    /// Bytes per cycle shared by all flows.
    let capacity: Double
    private(set) var flows: [Flow] = []
    private var updatedAt: Double = 0
    /// Bumped whenever rates change; a completion event scheduled under an older version is stale.
    private(set) var version: Int32 = 0
    /// Bytes that have gone through the pool, and the busiest aggregate rate seen (for reports).
    private(set) var totalBytes: Double = 0
    private(set) var peakRate: Double = 0

    init(capacity: Double) { self.capacity = capacity }

    var isEmpty: Bool { flows.isEmpty }

    /// Adds a flow at `now` (after bringing the others up to date).
    mutating func add(_ flow: Flow, now: Double) {
        advance(to: now)
        flows.append(flow)
        totalBytes += flow.remaining
        share()
    }

    /// Moves every flow forward to `now` at its current rate.
    mutating func advance(to now: Double) {
        let dt = now - updatedAt
        if dt > 0 {
            for i in flows.indices { flows[i].remaining -= flows[i].rate * dt }
        }
        updatedAt = now
    }

    /// Removes and returns the flows that have finished by `now` (call `advance` first).
    mutating func removeFinished() -> [Flow] {
        var done: [Flow] = []
        var i = 0
        while i < flows.count {
            // Within a millionth of a cycle of finishing counts as finished (floating-point residue).
            if flows[i].remaining <= flows[i].rate * 1e-6 || flows[i].remaining <= 1e-9 {
                done.append(flows[i])
                flows[i] = flows[flows.count - 1]
                flows.removeLast()
            } else {
                i += 1
            }
        }
        if !done.isEmpty { share() }
        return done
    }

    /// When the next flow finishes at the current rates, and the version that prediction belongs to.
    mutating func nextCompletion() -> (time: Double, version: Int32)? {
        guard !flows.isEmpty else { return nil }
        var soonest = Double.infinity
        for f in flows where f.rate > 0 { soonest = min(soonest, f.remaining / f.rate) }
        version &+= 1
        return (updatedAt + max(soonest, 0), version)
    }

    /// Max-min fair shares: the flows capped below an equal share keep their cap, the rest split what is left.
    private mutating func share() {
        let order = flows.indices.sorted { flows[$0].cap < flows[$1].cap }
        var left = capacity, n = Double(flows.count), total = 0.0
        for i in order {
            let r = min(flows[i].cap, left / n)
            flows[i].rate = r
            left -= r
            n -= 1
            total += r
        }
        peakRate = max(peakRate, total)
    }
}
