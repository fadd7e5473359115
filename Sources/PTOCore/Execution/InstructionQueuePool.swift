import Synchronization

/// Issue-queue storage shared by the clusters of a process. A core's program may issue a whole logical block ahead
/// of what its scalar unit can run (thousands of queued instructions when a KV loop is long), so each core's queue
/// grows to hundreds of KiB. Only the clusters running at one moment need that storage, so a cluster takes queues
/// from this pool when it starts a run and hands them back (emptied, capacity kept) when it ends: a launch over 24
/// clusters on 2 host threads touches the memory of about 2 clusters' queues instead of growing 72 fresh ones.
enum InstructionQueuePool {
    private static let pool = Mutex<[[Instruction]]>([])
    /// Queues kept at most (enough for every core of a few dozen concurrently running clusters).
    static let limit = 64

    /// An empty queue, with the capacity some earlier run left in it when one is available.
    static func take() -> [Instruction] {
        pool.withLock { $0.popLast() } ?? []
    }

    /// Returns a queue's storage for later runs.
    static func give(_ queue: inout [Instruction]) {
        guard queue.capacity > 0 else { return }
        queue.removeAll(keepingCapacity: true)
        let storage = queue
        queue = []
        pool.withLock { if $0.count < limit { $0.append(storage) } }
    }
}
