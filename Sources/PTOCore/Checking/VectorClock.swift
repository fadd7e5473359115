/// A vector clock over the (core, pipe) components of a group of cores: entry k counts the instructions of
/// component k known to have completed. A access with epoch (k, n) happens before anything whose clock has
/// entry k ≥ n.
struct VectorClock: Equatable {
    var entries: [UInt32]

    init(components: Int) { entries = Array(repeating: 0, count: components) }

    /// Pointwise maximum, in place.
    @inline(__always)
    mutating func join(_ other: VectorClock) {
        entries.withUnsafeMutableBufferPointer { mine in
            other.entries.withUnsafeBufferPointer { theirs in
                for i in 0..<mine.count where theirs[i] > mine[i] { mine[i] = theirs[i] }
            }
        }
    }

    /// Whether the event (component, clock) happens before (or is) this clock.
    @inline(__always)
    func knows(_ component: Int, _ clock: UInt32) -> Bool { entries[component] >= clock }

}

/// One memory access remembered by the shadow: its epoch and where it came from.
struct AccessEpoch {
    var component: Int32
    var clock: UInt32
    var core: Int32
    var index: Int
    var pipe: Pipe
    var op: Op
    var label: StaticString
    var detail: Int

    /// Whether both describe the same instruction.
    @inline(__always) func isSame(_ other: AccessEpoch) -> Bool { component == other.component && clock == other.clock }
}
