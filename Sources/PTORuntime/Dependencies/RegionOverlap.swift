/// How a tensor argument's region relates to a region an earlier task wrote, in the same buffer: the TensorMap's
/// overlap test (simpler's `check_overlap`).
///
/// The test is exact for row-major views that share strides (hyper-rectangles in the same index space) and
/// conservative otherwise: transposed or stepped views, different dtypes or ranks all count as `partial` whenever
/// their element ranges intersect. Anything but `disjoint` creates a dependency.
enum RegionOverlap: Equatable {
    /// No element in common.
    case disjoint
    /// The new region contains every element of the old one.
    case covers
    /// They may share elements (or the test cannot tell).
    case partial

    /// Compares `new` with the region `old` (both in `new`'s buffer).
    static func classify(_ new: RegionKey, against old: RegionKey) -> RegionOverlap {
        // Level 1: byte ranges. Two regions whose first-to-last spans do not meet cannot share an element.
        if new.byteEnd <= old.byteBegin || old.byteEnd <= new.byteBegin { return .disjoint }

        // Level 2: same layout over a clean row-major stride chain → compare boxes per dimension.
        guard new.elementSize == old.elementSize, new.shape.count == old.shape.count, new.strides == old.strides,
              let boxNew = new.box(), let boxOld = old.box() else { return .partial }
        var covers = true
        for d in 0..<boxNew.count {
            let (a, b) = (boxNew[d], boxOld[d])
            if a.upperBound <= b.lowerBound || b.upperBound <= a.lowerBound { return .disjoint }
            if !(a.lowerBound <= b.lowerBound && b.upperBound <= a.upperBound) { covers = false }
        }
        return covers ? .covers : .partial
    }
}

/// The part of a tensor descriptor the TensorMap keeps for a writer: where its region lies in the buffer.
struct RegionKey: Equatable {
    let startOffset: Int
    let shape: [Int]
    let strides: [Int]
    let elementSize: Int

    init(_ t: ChipTensor) {
        startOffset = t.startOffset
        shape = t.shape
        strides = t.strides
        elementSize = t.dtype.size
    }

    var byteBegin: Int { startOffset * elementSize }
    var byteEnd: Int { (startOffset + 1 + zip(shape, strides).reduce(0) { $0 + ($1.0 - 1) * $1.1 }) * elementSize }

    /// The region as per-dimension index ranges of the row-major array its strides describe, or nil when the strides
    /// are not such a chain (innermost stride 1, each stride a multiple of the next) or the region wraps a row.
    func box() -> [Range<Int>]? {
        let n = shape.count
        guard strides[n - 1] == 1 else { return nil }
        for d in 1..<max(n, 1) where strides[d - 1] % strides[d] != 0 { return nil }
        var remaining = startOffset
        var box: [Range<Int>] = []
        for d in 0..<n {
            let origin = remaining / strides[d]
            remaining %= strides[d]
            // The extent of dimension d in the underlying array (unbounded for the outermost one).
            if d > 0 && origin + shape[d] > strides[d - 1] / strides[d] { return nil }
            box.append(origin..<(origin + shape[d]))
        }
        return box
    }
}
