/// The race checker's memory of one address space: which access last wrote each byte and which read it since,
/// stored as sorted, non-overlapping byte intervals ("segments") rather than per byte. A write leaves its whole
/// range as one segment, so the number of segments stays near the number of live tiles.
final class ShadowMemory {
    struct Segment {
        var start: Int
        var end: Int
        var write: AccessEpoch?
        /// The latest read per component since the last write (a later read of the same component dominates).
        var reads: [AccessEpoch]
    }

    /// A conflict found while applying an access: the earlier access and the bytes where they overlap.
    struct Conflict {
        var kind: Hazard.Kind
        var earlier: AccessEpoch
        var start: Int
        var end: Int
    }

    private(set) var segments: [Segment] = []
    /// `segments[i].end` for every i, kept beside the segments: the lookup's binary search reads these 8-byte values
    /// instead of striding through whole segments (a GM shadow holds one per tile ever loaded or stored).
    private var ends: [Int] = []
    /// The segments an access leaves over the range it touched, built here and then spliced into `segments`; kept
    /// between accesses so its storage is allocated once per shadow, not once per access.
    private var updated: [Segment] = []
    /// Their ends, spliced into `ends` the same way.
    private var updatedEnds: [Int] = []

    /// Applies one access by an instruction with clock `clock`, returning each earlier access it is not ordered
    /// after (merged per earlier access over the bytes they share).
    func access(start: Int, end: Int, isWrite: Bool, by epoch: AccessEpoch, clock: VectorClock) -> [Conflict] {
        var conflicts: [Conflict] = []
        access(start: start, end: end, isWrite: isWrite, by: epoch, clock: clock, into: &conflicts)
        return conflicts
    }

    /// The same, appending the conflicts to `conflicts` (which the caller empties and reuses: no array is made per
    /// access).
    func access(start: Int, end: Int, isWrite: Bool, by epoch: AccessEpoch, clock: VectorClock,
                into conflicts: inout [Conflict]) {
        guard end > start else { return }
        var lo = firstSegment(endingAfter: start)
        // The common case: the access covers exactly one remembered segment (a tile written and read whole). The
        // general path below would split nothing and coalesce a single segment, so updating it in place is the same.
        if lo < segments.count && segments[lo].start == start && segments[lo].end == end {
            apply(&segments[lo], isWrite: isWrite, epoch: epoch, clock: clock, conflicts: &conflicts)
            return
        }
        updated.removeAll(keepingCapacity: true)
        var cursor = start
        var hi = lo
        while cursor < end {
            if hi < segments.count && segments[hi].start <= cursor {
                var seg = segments[hi]
                // Split off the part before `cursor` (only for the first segment) and after `end`.
                if seg.start < cursor {
                    var head = seg
                    head.end = cursor
                    updated.append(head)
                    seg.start = cursor
                }
                var tail: Segment?
                if seg.end > end {
                    tail = seg
                    tail!.start = end
                    seg.end = end
                }
                apply(&seg, isWrite: isWrite, epoch: epoch, clock: clock, conflicts: &conflicts)
                updated.append(seg)
                if let tail { updated.append(tail) }
                cursor = seg.end
                hi += 1
            } else {
                // A gap no access has touched yet.
                let gapEnd = hi < segments.count ? min(segments[hi].start, end) : end
                var seg = Segment(start: cursor, end: gapEnd, write: nil, reads: [])
                apply(&seg, isWrite: isWrite, epoch: epoch, clock: clock, conflicts: &conflicts)
                updated.append(seg)
                cursor = gapEnd
            }
        }
        if lo > segments.count { lo = segments.count }
        coalesceUpdated()
        segments.replaceSubrange(lo..<hi, with: updated)
        updatedEnds.removeAll(keepingCapacity: true)
        for seg in updated { updatedEnds.append(seg.end) }
        ends.replaceSubrange(lo..<hi, with: updatedEnds)
        updated.removeAll(keepingCapacity: true)
    }

    private func apply(_ seg: inout Segment, isWrite: Bool, epoch: AccessEpoch, clock: VectorClock,
                       conflicts: inout [Conflict]) {
        // An instruction never conflicts with itself (an in-place op reads and writes the same bytes).
        if let w = seg.write, !clock.knows(Int(w.component), w.clock), !w.isSame(epoch) {
            note(isWrite ? .waw : .raw, w, seg, &conflicts)
        }
        if isWrite {
            for r in seg.reads where !clock.knows(Int(r.component), r.clock) && !r.isSame(epoch) {
                note(.war, r, seg, &conflicts)
            }
            seg.write = epoch
            // The buffer stays for the reads of the next tile written here (a tile is written, read, rewritten).
            seg.reads.removeAll(keepingCapacity: true)
        } else if let i = seg.reads.firstIndex(where: { $0.component == epoch.component }) {
            seg.reads[i] = epoch
        } else {
            seg.reads.append(epoch)
        }
    }

    private func note(_ kind: Hazard.Kind, _ earlier: AccessEpoch, _ seg: Segment, _ conflicts: inout [Conflict]) {
        if let i = conflicts.firstIndex(where: {
            $0.kind == kind && $0.earlier.component == earlier.component && $0.earlier.clock == earlier.clock
        }) {
            conflicts[i].start = min(conflicts[i].start, seg.start)
            conflicts[i].end = max(conflicts[i].end, seg.end)
        } else {
            conflicts.append(Conflict(kind: kind, earlier: earlier, start: seg.start, end: seg.end))
        }
    }

    /// Merges neighbours in `updated` with the same writer and no readers (what a write leaves behind), in place.
    private func coalesceUpdated() {
        guard updated.count > 1 else { return }
        var kept = 0
        for i in 1..<updated.count {
            let seg = updated[i]
            let last = updated[kept]
            if last.end == seg.start, last.reads.isEmpty, seg.reads.isEmpty,
               let a = last.write, let b = seg.write, a.component == b.component, a.clock == b.clock {
                updated[kept].end = seg.end
            } else {
                kept += 1
                if kept != i { updated[kept] = seg }
            }
        }
        updated.removeSubrange((kept + 1)...)
    }

    /// Index of the first segment whose end is past `offset` (binary search).
    private func firstSegment(endingAfter offset: Int) -> Int {
        ends.withUnsafeBufferPointer { ends in
            var lo = 0, hi = ends.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if ends[mid] <= offset { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
    }
}
