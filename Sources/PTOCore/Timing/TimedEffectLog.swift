import Dispatch
import PTONumerics

/// The data effects of a timed run, recorded during the simulation and run one cluster at a time, apart from it.
///
/// The simulation decides when every instruction starts and completes from the cost model alone (never from data), so
/// the effects need not run inside it. What they need is their order: a cluster's effects touch only its own
/// scratchpads and GM, so when no cluster reads or writes GM another cluster writes, running each cluster's starts
/// and completions in the simulation's order, cluster by cluster, gives the same bytes as running them interleaved
/// on one thread. `TimedChip` checks that condition (`clustersShareWrittenGM`) and runs the effects inline otherwise.
///
/// With `streaming`, the log hands what it has recorded to a replay thread every `segmentEvents` events while the
/// simulation (one thread) goes on, so the effects run on the host's other core during the simulation rather than
/// after it, and the log never holds the whole run; `finish` replays the rest, clusters spread over the workers.
/// Each cluster keeps one `TimedEffects` across segments, so an instruction that starts in one segment and completes
/// in the next uses the snapshot it took.
///
/// Under the runtime model the cluster a block runs on is decided during the simulation (`place`); the placement
/// reaches the replay before any of that block's events.
final class TimedEffectLog: TimedEffectSink {
    private var clusterOfBlock: [Int]
    /// Per cluster, its starts and completions in simulation order, 4 bytes each (`encode`); a cluster's list names
    /// the block its next entries belong to (`blockMarker`, then the block index) whenever that block changes.
    private var events: [[UInt32]]
    /// The block each cluster's last entry belongs to (-1 at the start of a segment).
    private var lastBlock: [Int]
    private var recorded = 0
    /// Placements since the last hand-off.
    private var placements: [Placement] = []
    private let replayer: Replayer
    private let queue: DispatchQueue?
    private let segmentEvents: Int
    /// Events per hand-off: large enough that hand-offs cost nothing, small enough to keep the log short.
    static let defaultSegmentEvents = 1 << 18

    struct Placement {
        let block: Int
        let cluster: Int
        let issuers: [CoreIssuer?]
    }

    init(blocks: [TimedEffects.Block], writtenPages: Set<Int>, clusterOfBlock: [Int], clusterCount: Int,
         streaming: Bool, segmentEvents: Int = TimedEffectLog.defaultSegmentEvents) {
        self.segmentEvents = max(1, segmentEvents)
        self.clusterOfBlock = clusterOfBlock
        events = [[UInt32]](repeating: [], count: clusterCount)
        lastBlock = [Int](repeating: -1, count: clusterCount)
        replayer = Replayer(blocks: blocks, writtenPages: writtenPages, clusters: clusterCount)
        queue = streaming ? DispatchQueue(label: "ptosim.timed-effects") : nil
    }

    func place(block b: Int, cluster: Int, issuers: [CoreIssuer?]) {
        clusterOfBlock[b] = cluster
        placements.append(Placement(block: b, cluster: cluster, issuers: issuers))
    }

    func begin(block: Int, core: Int, index: Int) { append(end: false, block: block, core: core, index: index) }

    func end(block: Int, core: Int, index: Int) { append(end: true, block: block, core: core, index: index) }

    static let blockMarker = UInt32.max

    @inline(__always)
    private func append(end: Bool, block: Int, core: Int, index: Int) {
        let c = clusterOfBlock[block]
        if lastBlock[c] != block {
            events[c].append(Self.blockMarker)
            events[c].append(UInt32(block))
            lastBlock[c] = block
        }
        events[c].append(Self.encode(end: end, core: core, index: index))
        recorded += 1
        if recorded >= segmentEvents, let queue { handOff(to: queue) }
    }

    /// Bit 31: completion; bits 29...30: core; bits 0...28: index in the core's stream.
    @inline(__always)
    static func encode(end: Bool, core: Int, index: Int) -> UInt32 {
        precondition(index < 1 << 29, "a timed stream longer than 2^29 instructions")
        return (end ? 1 << 31 : 0) | UInt32(core) << 29 | UInt32(index)
    }

    /// Gives the events recorded so far to the replay thread and starts a new segment.
    private func handOff(to queue: DispatchQueue) {
        let segment = UncheckedBox((replayer, events, placements))
        events = [[UInt32]](repeating: [], count: events.count)
        for c in lastBlock.indices { lastBlock[c] = -1 }
        placements = []
        recorded = 0
        queue.async {
            let (replayer, events, placements) = segment.value
            replayer.apply(placements)
            for c in events.indices where !events[c].isEmpty { replayer.replay(cluster: c, events[c]) }
        }
    }

    /// Runs every effect not run yet: waits for the replay thread, then replays the last segment's clusters on
    /// `workers` threads.
    func finish(workers: Int) {
        queue?.sync {}
        replayer.apply(placements)
        placements = []
        let last = events
        events = []
        for c in last.indices where !last[c].isEmpty { _ = replayer.effects(c) }
        let work = UncheckedBox((replayer, last))
        Parallel.forEach(last.count, workers: workers) { c, _ in
            let (replayer, last) = work.value
            if !last[c].isEmpty { replayer.replay(cluster: c, last[c]) }
        }
    }

    /// The replay side: each cluster's effects, used by one thread at a time (the replay thread, or one worker of
    /// `finish` per cluster).
    final class Replayer: @unchecked Sendable {
        private var blocks: [TimedEffects.Block]
        private let writtenPages: Set<Int>
        private var perCluster: [TimedEffects?]

        init(blocks: [TimedEffects.Block], writtenPages: Set<Int>, clusters: Int) {
            self.blocks = blocks
            self.writtenPages = writtenPages
            perCluster = [TimedEffects?](repeating: nil, count: clusters)
        }

        func apply(_ placements: [Placement]) {
            for p in placements {
                blocks[p.block].issuers = p.issuers
                perCluster[p.cluster]?.place(block: p.block, cluster: p.cluster, issuers: p.issuers)
            }
        }

        /// Cluster `c`'s effects (made on first use, from the blocks as placed so far).
        func effects(_ c: Int) -> TimedEffects {
            if let e = perCluster[c] { return e }
            let e = TimedEffects(blocks: blocks, writtenPages: writtenPages)
            perCluster[c] = e
            return e
        }

        func replay(cluster c: Int, _ list: [UInt32]) {
            let effects = effects(c)
            var block = 0, k = 0
            while k < list.count {
                let e = list[k]
                k += 1
                if e == TimedEffectLog.blockMarker {
                    block = Int(list[k])
                    k += 1
                    continue
                }
                let core = Int(e >> 29 & 3), index = Int(e & 0x1FFF_FFFF)
                if e >> 31 == 0 {
                    effects.begin(block: block, core: core, index: index)
                } else {
                    effects.end(block: block, core: core, index: index)
                }
            }
        }
    }
}

/// Hands values to worker threads that each use a disjoint part of them (one cluster each).
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
