/// The runtime's record of who last wrote each region of each buffer (simpler's `PTO2TensorMap`), used at submit to
/// find a task's producers.
///
/// Entries are keyed by buffer base address, so every view of one allocation meets in one bucket. Only INOUT and
/// OUTPUT_EXISTING arguments insert (runtime-allocated outputs are reached through their owner instead); INPUT and
/// INOUT look up. Readers are never recorded, so a later writer does not wait for earlier readers: write-after-read
/// is not tracked, as in simpler. Guarded by the engine lock.
///
/// A lookup answers twice from one pass over the bucket. The producers to wait for skip those already consumed, as
/// the runtime's own lookup forgets a stale writer. The producers in program order keep them until a later writer
/// supersedes their region: they are what a task's record names, so the record does not depend on how far the
/// host's threads happened to get (the timed model replays it). An entry therefore stays until it is superseded.
struct TensorMap {
    private struct Entry {
        let region: RegionKey
        let producer: TaskNode
    }

    /// The producers one lookup found, newest first.
    struct Lookup {
        /// Those not yet consumed: the edges the task waits on.
        var live: [TaskNode] = []
        /// Every writer of an overlapping region not yet superseded, consumed or not.
        var programOrder: [TaskNode] = []
    }

    private var buckets: [Int: [Entry]] = [:]

    /// The writers whose recorded regions overlap `t`. With `supersede`, entries that `t` fully covers are removed
    /// (an INOUT that rewrites a whole earlier region replaces it as the region's writer).
    mutating func lookup(_ t: ChipTensor, supersede: Bool) -> Lookup {
        guard let bucket = buckets[t.bufferKey] else { return Lookup() }
        let key = RegionKey(t)
        var found = Lookup()
        var dropped: Set<Int> = []
        for i in stride(from: bucket.count - 1, through: 0, by: -1) {
            let entry = bucket[i]
            let overlap = RegionOverlap.classify(key, against: entry.region)
            if overlap != .disjoint && !found.programOrder.contains(where: { $0 === entry.producer }) {
                found.programOrder.append(entry.producer)
                if entry.producer.state != .consumed { found.live.append(entry.producer) }
            }
            if supersede && overlap == .covers { dropped.insert(i) }
        }
        // Rewrite the bucket only when an entry was superseded; most lookups change nothing.
        if !dropped.isEmpty {
            let kept = bucket.indices.filter { !dropped.contains($0) }.map { bucket[$0] }
            buckets[t.bufferKey] = kept.isEmpty ? nil : kept
        }
        return found
    }

    /// Records `producer` as the newest writer of `t`'s region.
    mutating func recordWriter(_ t: ChipTensor, producer: TaskNode) {
        buckets[t.bufferKey, default: []].append(Entry(region: RegionKey(t), producer: producer))
    }
}
