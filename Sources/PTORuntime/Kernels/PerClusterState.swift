import Foundation

/// Per-cluster state that persists across the blocks dispatched to a cluster — the natural home for whatever a
/// cluster-block hook keeps between MIX blocks (a PTOCore cluster with its scratchpads, FIFO state, counters).
///
/// Each cluster's value is created on first use and lives as long as this object (so across runs of a `Runtime`).
/// The runtime already serialises blocks on one cluster; the per-cluster lock here only makes that guarantee hold
/// for any other caller too, and is never contended under the runtime.
public final class PerClusterState<State>: @unchecked Sendable {
    private let make: @Sendable (Int) -> State
    // One slot per cluster in raw storage: each slot is touched only under its own lock, so threads working on
    // different clusters never share an access to a Swift collection.
    private let values: UnsafeMutablePointer<State?>
    private let locks: [NSLock]

    /// Storage for `clusters` clusters; `make(cluster)` builds a cluster's value the first time it is needed.
    public init(clusters: Int, make: @escaping @Sendable (Int) -> State) {
        self.make = make
        values = UnsafeMutablePointer<State?>.allocate(capacity: clusters)
        values.initialize(repeating: nil, count: clusters)
        locks = (0..<clusters).map { _ in NSLock() }
    }

    deinit {
        values.deinitialize(count: locks.count)
        values.deallocate()
    }

    /// Number of clusters covered.
    public var clusters: Int { locks.count }

    /// Runs `body` with exclusive access to cluster `cluster`'s state.
    public func withState<R>(_ cluster: Int, _ body: (inout State) throws -> R) rethrows -> R {
        locks[cluster].lock()
        defer { locks[cluster].unlock() }
        if values[cluster] == nil { values[cluster] = make(cluster) }
        return try body(&values[cluster]!)
    }
}
