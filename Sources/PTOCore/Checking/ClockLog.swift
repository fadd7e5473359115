/// A growing list of vector clocks stored back to back as their raw entries (`width` per clock) in memory the log
/// allocates itself; the race checker keeps one per core for the scalar unit's clock after each scalar instruction.
///
/// The log is a plain value of a pointer and two counts, so reading a stored clock from a table of logs involves no
/// reference counting, and a clock takes `width` entries rather than a whole `VectorClock`. Its owner frees the
/// memory with `deallocate()`.
struct ClockLog {
    /// Entries per clock.
    let width: Int
    private var base: UnsafeMutablePointer<UInt32>
    /// Clocks stored.
    private(set) var count = 0
    private var capacity: Int

    /// An empty log of clocks of `width` entries.
    init(width: Int) {
        self.width = width
        capacity = 1024
        base = .allocate(capacity: capacity * max(width, 1))
    }

    /// Stores `clock` after the others.
    mutating func append(_ clock: VectorClock) {
        if count == capacity {
            let grown = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * capacity * max(width, 1))
            grown.moveInitialize(from: base, count: count * width)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        clock.store(entries: base + count * width)
        count += 1
    }

    /// The entries of clock `index`.
    @inline(__always)
    func entries(_ index: Int) -> UnsafePointer<UInt32> {
        precondition(index >= 0 && index < count)
        return UnsafePointer(base + index * width)
    }

    /// Frees the storage; the log is not to be used after.
    func deallocate() { base.deallocate() }
}
