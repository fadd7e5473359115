/// The runtime's record of who last wrote each region of each buffer (simpler's `PTO2TensorMap`), used at submit to
/// find a task's producers.
///
/// Entries are keyed by buffer base address, so every view of one allocation meets in one bucket. Only INOUT and
/// OUTPUT_EXISTING arguments insert (runtime-allocated outputs are reached through their owner instead); INPUT and
/// INOUT look up. Readers are never recorded, so a later writer does not wait for earlier readers: write-after-read
/// is not tracked, as in simpler. An entry goes stale once its producer is consumed and is dropped lazily.
/// Guarded by the engine lock.
///
/// With `keepsConsumed` the map answers in program order alone: a consumed producer stays a producer until a later
/// writer supersedes its region. The engine keeps one such map beside the live one so that the producers it records
/// for a task do not depend on how far the host's threads happened to get (the live map forgets a producer that
/// completed and was reclaimed before the lookup, which the real runtime does too).
struct TensorMap {
    private struct Entry {
        let region: RegionKey
        let producer: TaskNode
    }

    private var buckets: [Int: [Entry]] = [:]
    private var insertsSinceSweep = 0
    /// Whether consumed producers stay (program-order answers) instead of going stale.
    let keepsConsumed: Bool

    init(keepsConsumed: Bool = false) {
        self.keepsConsumed = keepsConsumed
    }
    /// Entries currently held (stale ones included until dropped).
    private(set) var entryCount = 0

    /// Producers whose recorded regions overlap `t`, newest first. With `supersede`, entries that `t` fully covers
    /// are removed (an INOUT that rewrites a whole earlier region replaces it as the region's writer).
    mutating func producers(of t: ChipTensor, supersede: Bool) -> [TaskNode] {
        guard let bucket = buckets[t.bufferKey] else { return [] }
        let key = RegionKey(t)
        var found: [TaskNode] = []
        var dropped: Set<Int> = []
        for i in stride(from: bucket.count - 1, through: 0, by: -1) {
            let entry = bucket[i]
            if !keepsConsumed && entry.producer.state == .consumed {
                dropped.insert(i)
                continue
            }
            let overlap = RegionOverlap.classify(key, against: entry.region)
            if overlap != .disjoint && !found.contains(where: { $0 === entry.producer }) {
                found.append(entry.producer)
            }
            if supersede && overlap == .covers { dropped.insert(i) }
        }
        // Rewrite the bucket only when an entry went stale or was superseded; most lookups change nothing.
        if !dropped.isEmpty {
            let kept = bucket.indices.filter { !dropped.contains($0) }.map { bucket[$0] }
            entryCount -= dropped.count
            buckets[t.bufferKey] = kept.isEmpty ? nil : kept
        }
        return found
    }

    /// Records `producer` as the newest writer of `t`'s region.
    mutating func recordWriter(_ t: ChipTensor, producer: TaskNode) {
        buckets[t.bufferKey, default: []].append(Entry(region: RegionKey(t), producer: producer))
        entryCount += 1
        insertsSinceSweep += 1
        if keepsConsumed { return }
        // Buckets that are written but never read again would grow without bound; sweep stale entries now and then
        // (simpler's periodic cleanup every 64 retired tasks plays the same role).
        if insertsSinceSweep >= 1024 { sweep() }
    }

    /// Drops every entry whose producer has been consumed.
    mutating func sweep() {
        insertsSinceSweep = 0
        for (key, bucket) in buckets {
            let kept = bucket.filter { $0.producer.state != .consumed }
            entryCount -= bucket.count - kept.count
            buckets[key] = kept.isEmpty ? nil : kept
        }
    }
}
