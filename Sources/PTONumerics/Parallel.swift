import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Host-side parallel loops. On the chip the 24 clusters run concurrently; on the host PTOSim spreads independent
/// work items (requests, clusters, slices of a tensor) over a few threads with these helpers.
public enum Parallel {
    /// Online processors of this machine (at least 1).
    public static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// The worker count PTOSim uses by default: one per processor.
    public static var defaultWorkers: Int { processorCount }

    /// Runs `body(item, worker)` for every item in `0..<count` on `workers` threads (the caller's thread is one of
    /// them). Items are handed out one at a time in increasing order, so uneven items still balance; `worker` is in
    /// `0..<workers` and lets the body pick per-thread scratch space. Returns when every item is done.
    public static func forEach(_ count: Int, workers: Int, _ body: @Sendable (_ item: Int, _ worker: Int) -> Void) {
        guard count > 0 else { return }
        let threads = max(1, min(workers, count))
        if threads == 1 {
            for item in 0..<count { body(item, 0) }
            return
        }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            while true {
                let item = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if item >= count { break }
                body(item, worker)
            }
        }
    }

    /// Splits `0..<count` into `parts` contiguous ranges whose sizes differ by at most one, each starting on a
    /// multiple of `alignment` except possibly the first (used to give threads disjoint slices of a tensor).
    public static func split(_ count: Int, parts: Int, alignment: Int = 1) -> [Range<Int>] {
        let parts = max(1, parts), alignment = max(1, alignment)
        let bounds = (0...parts).map { p in
            p == parts ? count : min(count, (count * p / parts + alignment - 1) / alignment * alignment)
        }
        return (0..<parts).map { bounds[$0]..<max(bounds[$0], bounds[$0 + 1]) }
    }
}
