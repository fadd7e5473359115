/// The dependency-list pool of one scope depth (simpler's `PTO2DepListPool`): one entry per producer→consumer edge
/// whose producer had not completed when the consumer was wired, taken from the consumer's ring.
///
/// Entries are handed out from a linear top and released in consumer order: when the ring's tail passes a task,
/// the pool's tail moves to the top recorded after that task was wired.
struct DepPool {
    /// Entries in the pool.
    let capacity: Int
    /// Entries handed out so far (linear).
    private(set) var top = 0
    /// Entries released so far (linear).
    private(set) var tail = 0
    /// Times the linear top crossed a multiple of the capacity (the circular index wrapped).
    private(set) var wraps = 0
    /// Most entries in use at once.
    private(set) var maxUsed = 0

    init(capacity: Int) { self.capacity = capacity }

    /// Entries in use.
    var used: Int { top - tail }

    /// Takes `count` entries if available.
    mutating func take(_ count: Int) -> Bool {
        guard used + count <= capacity else { return false }
        wraps += (top + count) / capacity - top / capacity
        top += count
        maxUsed = max(maxUsed, used)
        return true
    }

    /// Releases every entry up to the linear position `mark`.
    mutating func release(upTo mark: Int) {
        if mark > tail { tail = mark }
    }
}
