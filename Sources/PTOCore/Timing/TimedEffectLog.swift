import PTONumerics

/// The data effects of a timed run, recorded during the simulation and run afterwards one cluster per thread.
///
/// The simulation decides when every instruction starts and completes from the cost model alone (never from data), so
/// the effects need not run inside it. What they need is their order: a cluster's effects touch only its own
/// scratchpads and GM, so when no cluster reads or writes GM another cluster writes, running each cluster's starts
/// and completions in the simulation's order, cluster by cluster, gives the same bytes as running them interleaved
/// on one thread. `TimedChip` checks that condition (`clustersShareWrittenGM`) and runs the effects inline otherwise.
///
/// Under the runtime model the cluster a block runs on is decided during the simulation (`place`); the log then
/// keeps each block's placed cores for the replay.
final class TimedEffectLog: TimedEffectSink {
    private var clusterOfBlock: [Int]
    /// Per cluster, its starts and completions in simulation order (`encode`).
    private var events: [[UInt64]]
    /// Where the runtime model placed each block (its cores by slot); nil: where it was captured.
    private var placed: [[CoreIssuer?]?]

    init(clusterOfBlock: [Int], clusterCount: Int) {
        self.clusterOfBlock = clusterOfBlock
        events = [[UInt64]](repeating: [], count: clusterCount)
        placed = [[CoreIssuer?]?](repeating: nil, count: clusterOfBlock.count)
    }

    func place(block b: Int, cluster: Int, issuers: [CoreIssuer?]) {
        clusterOfBlock[b] = cluster
        placed[b] = issuers
    }

    func begin(block: Int, core: Int, index: Int) {
        events[clusterOfBlock[block]].append(Self.encode(end: false, block: block, core: core, index: index))
    }

    func end(block: Int, core: Int, index: Int) {
        events[clusterOfBlock[block]].append(Self.encode(end: true, block: block, core: core, index: index))
    }

    @inline(__always)
    static func encode(end: Bool, block: Int, core: Int, index: Int) -> UInt64 {
        (end ? 1 << 63 : 0) | UInt64(block) << 34 | UInt64(core) << 32 | UInt64(UInt32(truncatingIfNeeded: index))
    }

    /// Runs every recorded effect: each cluster's in its recorded order, clusters spread over `workers` threads.
    func replay(blocks: [TimedEffects.Block], writtenPages: Set<Int>, workers: Int) {
        var blocks = blocks
        for (b, issuers) in placed.enumerated() { if let issuers { blocks[b].issuers = issuers } }
        let work = UncheckedBox((blocks, writtenPages, events))
        Parallel.forEach(events.count, workers: workers) { c, _ in
            let (blocks, pages, events) = work.value
            guard !events[c].isEmpty else { return }
            let effects = TimedEffects(blocks: blocks, writtenPages: pages)
            for e in events[c] {
                let block = Int(truncatingIfNeeded: (e >> 34) & 0x1FFF_FFFF)
                let core = Int(truncatingIfNeeded: (e >> 32) & 3), index = Int(truncatingIfNeeded: e & 0xFFFF_FFFF)
                if e >> 63 == 0 {
                    effects.begin(block: block, core: core, index: index)
                } else {
                    effects.end(block: block, core: core, index: index)
                }
            }
        }
        events = []
    }
}

/// Hands values to worker threads that each use a disjoint part of them (one cluster each).
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
