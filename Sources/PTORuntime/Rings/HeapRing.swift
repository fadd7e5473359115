/// The output heap of one scope depth (simpler's heap ring): a circular byte region from which each task's packed
/// runtime-allocated outputs take one contiguous piece.
///
/// A piece never straddles the end of the region: when the space before the end is too small the allocation
/// restarts at offset 0 (charging the skipped gap until the tail passes it). Space comes back in task order, when the
/// ring's tail moves past the owning task. An empty ring parked at a non-zero offset rebases to 0 if needed.
struct HeapRing {
    /// Region size in bytes.
    let capacity: Int
    /// Next free byte.
    private(set) var top = 0
    /// Oldest live byte.
    private(set) var tail = 0
    /// Bytes between tail and top in ring order, skipped gaps included.
    private(set) var used = 0
    /// Times an allocation restarted at offset 0.
    private(set) var wraps = 0
    /// Most bytes in use at once.
    private(set) var maxUsed = 0

    init(capacity: Int) { self.capacity = capacity }

    /// A placement: where the bytes start, how much the ring charged, and the ring top afterwards.
    struct Placement: Equatable {
        let offset: Int
        let charged: Int
        let end: Int
    }

    /// Places `bytes` (0 takes nothing), or returns nil when they do not fit now.
    mutating func allocate(_ bytes: Int) -> Placement? {
        if bytes == 0 { return Placement(offset: top, charged: 0, end: top) }
        if bytes > capacity { return nil }
        let offset: Int
        var charged = bytes
        if used == 0 {
            // Empty: take the space at the top, or rebase to 0 when the rest of the region is too small.
            if capacity - top >= bytes {
                offset = top
            } else {
                offset = 0
                tail = 0
                wraps += 1
            }
        } else if tail < top {
            // Live bytes are [tail, top): free space is after top and before tail.
            if capacity - top >= bytes {
                offset = top
            } else if tail >= bytes {
                offset = 0
                charged += capacity - top
                wraps += 1
            } else {
                return nil
            }
        } else {
            // Wrapped: live bytes are [tail, capacity) ∪ [0, top); free space is [top, tail).
            guard tail - top >= bytes else { return nil }
            offset = top
        }
        top = offset + bytes
        used += charged
        maxUsed = max(maxUsed, used)
        return Placement(offset: offset, charged: charged, end: top)
    }

    /// Releases a reclaimed task's bytes: the tail moves to the end of that task's piece.
    mutating func release(charged: Int, end: Int) {
        used -= charged
        tail = end == capacity && used > 0 ? 0 : end
        if used == 0 { tail = top }
    }
}
