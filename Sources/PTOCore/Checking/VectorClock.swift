/// A vector clock over the (core, pipe) components of a group of cores: entry k counts the instructions of
/// component k known to have completed. A access with epoch (k, n) happens before anything whose clock has
/// entry k ≥ n.
///
/// A cluster has 3 cores × 7 pipes = 21 components, so clocks of up to `inlineCapacity` components live in a SIMD
/// value inside the struct: copying one (every record copies a few) is a plain memory copy with no reference
/// counting or allocation, and a join is one vector maximum. Larger groups (a trace file with many cores) keep
/// their entries in an array instead.
struct VectorClock: Equatable {
    static let inlineCapacity = 32

    private var small: SIMD32<UInt32>
    /// The entries when there are more than `inlineCapacity` components; nil otherwise.
    private var large: [UInt32]?
    /// Number of components.
    let count: Int

    init(components: Int) {
        count = components
        small = .zero
        large = components > VectorClock.inlineCapacity ? Array(repeating: 0, count: components) : nil
    }

    /// Pointwise maximum, in place.
    @inline(__always)
    mutating func join(_ other: VectorClock) {
        if large == nil {
            // A plain loop over the raw entries, which the compiler vectorises (the generic SIMD operations go
            // element by element through the storage's subscript).
            let theirs = other.small
            withUnsafeMutablePointer(to: &small) { mine in
                withUnsafePointer(to: theirs) { them in
                    let m = UnsafeMutableRawPointer(mine).assumingMemoryBound(to: UInt32.self)
                    let t = UnsafeRawPointer(them).assumingMemoryBound(to: UInt32.self)
                    for i in 0..<VectorClock.inlineCapacity { m[i] = max(m[i], t[i]) }
                }
            }
            return
        }
        large!.withUnsafeMutableBufferPointer { mine in
            other.large!.withUnsafeBufferPointer { theirs in
                for i in 0..<mine.count where theirs[i] > mine[i] { mine[i] = theirs[i] }
            }
        }
    }

    /// Pointwise maximum with the `count` entries at `entries` (a clock stored by `store(entries:)`), in place.
    @inline(__always)
    mutating func join(entries: UnsafePointer<UInt32>) {
        if large == nil {
            let n = count
            withUnsafeMutablePointer(to: &small) { mine in
                let m = UnsafeMutableRawPointer(mine).assumingMemoryBound(to: UInt32.self)
                for i in 0..<n { m[i] = max(m[i], entries[i]) }
            }
            return
        }
        large!.withUnsafeMutableBufferPointer { mine in
            for i in 0..<mine.count where entries[i] > mine[i] { mine[i] = entries[i] }
        }
    }

    /// Writes the `count` entries to `entries` (the form `join(entries:)` reads).
    @inline(__always)
    func store(entries: UnsafeMutablePointer<UInt32>) {
        if large == nil {
            withUnsafePointer(to: small) {
                entries.update(from: UnsafeRawPointer($0).assumingMemoryBound(to: UInt32.self), count: count)
            }
        } else {
            large!.withUnsafeBufferPointer { entries.update(from: $0.baseAddress!, count: count) }
        }
    }

    /// Entry `component`.
    @inline(__always)
    subscript(component: Int) -> UInt32 {
        get {
            guard large == nil else { return large![component] }
            precondition(component >= 0 && component < VectorClock.inlineCapacity)
            return withUnsafePointer(to: small) {
                UnsafeRawPointer($0).assumingMemoryBound(to: UInt32.self)[component]
            }
        }
        set {
            guard large == nil else { large![component] = newValue; return }
            precondition(component >= 0 && component < VectorClock.inlineCapacity)
            withUnsafeMutablePointer(to: &small) {
                UnsafeMutableRawPointer($0).assumingMemoryBound(to: UInt32.self)[component] = newValue
            }
        }
    }

    /// Whether the event (component, clock) happens before (or is) this clock.
    @inline(__always)
    func knows(_ component: Int, _ clock: UInt32) -> Bool { self[component] >= clock }

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
