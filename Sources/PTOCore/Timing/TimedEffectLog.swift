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
    /// Per cluster, its starts and completions in simulation order, 4 bytes each (`encode`); a cluster's list names
    /// the block its next entries belong to (`blockMarker`, then the block index) whenever that block changes.
    private var events: [[UInt32]]
    /// The block each cluster's last entry belongs to.
    private var lastBlock: [Int]
    /// Where the runtime model placed each block (its cores by slot); nil: where it was captured.
    private var placed: [[CoreIssuer?]?]

    init(clusterOfBlock: [Int], clusterCount: Int) {
        self.clusterOfBlock = clusterOfBlock
        events = [[UInt32]](repeating: [], count: clusterCount)
        lastBlock = [Int](repeating: -1, count: clusterCount)
        placed = [[CoreIssuer?]?](repeating: nil, count: clusterOfBlock.count)
    }

    func place(block b: Int, cluster: Int, issuers: [CoreIssuer?]) {
        clusterOfBlock[b] = cluster
        placed[b] = issuers
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
    }

    /// Bit 31: completion; bits 29...30: core; bits 0...28: index in the core's stream.
    @inline(__always)
    static func encode(end: Bool, core: Int, index: Int) -> UInt32 {
        precondition(index < 1 << 29, "a timed stream longer than 2^29 instructions")
        return (end ? 1 << 31 : 0) | UInt32(core) << 29 | UInt32(index)
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
            let list = events[c]
            var block = 0, k = 0
            while k < list.count {
                let e = list[k]
                k += 1
                if e == Self.blockMarker {
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
        events = []
    }
}

/// Hands values to worker threads that each use a disjoint part of them (one cluster each).
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
