import PTONumerics

/// A tensor argument as simpler's runtime and kernels see it (`ChipTensor`): a GM buffer plus a strided region of it.
///
/// The buffer is a host `Tensor` standing in for one device allocation; the region is `startOffset` (elements) and
/// per-dimension `shape` and `strides` (elements, outermost first), so element `c` lives at
/// `startOffset + Σ c[i]·strides[i]`. Views keep the buffer and owner and only narrow the region — the TensorMap
/// compares regions of the same buffer to find dependencies. A runtime-allocated output carries its producing task in
/// `owner`; consumers are ordered after that task through it (the "creator edge"), never through the TensorMap.
public struct ChipTensor: Sendable {
    /// Most dimensions a tensor descriptor holds (`MAX_TENSOR_DIMS`).
    public static let maxDims = 5

    /// The GM buffer.
    public let tensor: Tensor
    /// Name used in error messages and records.
    public let name: String
    /// First element of the region, in elements from the buffer base.
    public let startOffset: Int
    /// Region dimensions, outermost first.
    public let shape: [Int]
    /// Element strides, outermost first (all > 0).
    public let strides: [Int]
    /// The task that allocated this buffer from its heap ring, or nil for an external (host-provided) buffer.
    public let owner: TaskID?
    /// When true the TensorMap neither looks this tensor up nor records writers of it (simpler's `manual_dep`).
    public let manualDep: Bool
    /// The run whose heap holds a runtime-allocated buffer, so an output kept past its run is never mistaken for
    /// a later run's task with the same id.
    let ownerRun: RunToken?

    /// Element type of the buffer.
    public var dtype: DType { tensor.dtype }
    /// Number of dimensions.
    public var rank: Int { shape.count }
    /// Elements in the region.
    public var elementCount: Int { shape.reduce(1, *) }

    /// Wraps a whole host buffer, row-major, optionally reinterpreted with another shape of the same element count
    /// (simpler's `make_tensor_external`).
    public init(external tensor: Tensor, name: String, shape: [Int]? = nil, manualDep: Bool = false) throws {
        let shape = shape ?? (tensor.shape.isEmpty ? [1] : tensor.shape)
        try ChipTensor.checkShape(shape, name: name)
        guard shape.reduce(1, *) == tensor.count else {
            throw RuntimeError.invalidTensor("tensor '\(name)': shape \(shape) has \(shape.reduce(1, *)) elements "
                + "but the buffer holds \(tensor.count)")
        }
        self.init(tensor: tensor, name: name, startOffset: 0, shape: shape, strides: ChipTensor.rowMajor(shape),
                  owner: nil, ownerRun: nil, manualDep: manualDep)
    }

    init(tensor: Tensor, name: String, startOffset: Int, shape: [Int], strides: [Int], owner: TaskID?,
         ownerRun: RunToken?, manualDep: Bool) {
        self.tensor = tensor
        self.name = name
        self.startOffset = startOffset
        self.shape = shape
        self.strides = strides
        self.owner = owner
        self.ownerRun = ownerRun
        self.manualDep = manualDep
    }

    /// A sub-region `shape` starting at `offsets` of this view (simpler's `view(shapes, offsets, manual_dep)`);
    /// strides, buffer and owner are kept. `manualDep` sets whether the TensorMap tracks the view (simpler's
    /// `view(..., true)` gives an untracked view of a tracked tensor); nil keeps this tensor's setting.
    public func view(shape newShape: [Int], offsets: [Int], manualDep: Bool? = nil) throws -> ChipTensor {
        guard newShape.count == rank, offsets.count == rank else {
            throw RuntimeError.invalidTensor("view of '\(name)': shape \(newShape) and offsets \(offsets) must both "
                + "have \(rank) dimensions")
        }
        for d in 0..<rank where offsets[d] < 0 || newShape[d] < 1 || offsets[d] + newShape[d] > shape[d] {
            throw RuntimeError.invalidTensor("view of '\(name)': dimension \(d) covers \(offsets[d])..<"
                + "\(offsets[d] + newShape[d]) but the tensor's extent there is \(shape[d])")
        }
        let start = startOffset + zip(offsets, strides).reduce(0) { $0 + $1.0 * $1.1 }
        return ChipTensor(tensor: tensor, name: name, startOffset: start, shape: newShape, strides: strides,
                          owner: owner, ownerRun: ownerRun, manualDep: manualDep ?? self.manualDep)
    }

    /// The same elements with another shape; only for contiguous row-major regions.
    public func reshaped(_ newShape: [Int]) throws -> ChipTensor {
        try ChipTensor.checkShape(newShape, name: name)
        guard isContiguous else {
            throw RuntimeError.invalidTensor("reshape of '\(name)': the region is not contiguous (strides \(strides))")
        }
        guard newShape.reduce(1, *) == elementCount else {
            throw RuntimeError.invalidTensor("reshape of '\(name)' from \(shape) to \(newShape): element counts differ")
        }
        return ChipTensor(tensor: tensor, name: name, startOffset: startOffset, shape: newShape,
                          strides: ChipTensor.rowMajor(newShape), owner: owner, ownerRun: ownerRun, manualDep: manualDep)
    }

    /// True when the region's elements are one dense row-major run.
    public var isContiguous: Bool { strides == ChipTensor.rowMajor(shape) }

    /// Elements from `startOffset` to one past the last element of the region.
    public var extent: Int { 1 + zip(shape, strides).reduce(0) { $0 + ($1.0 - 1) * $1.1 } }

    /// Index into the buffer of the element at `coords` of the region (bounds are the caller's business; see
    /// `checkedIndex`).
    @inlinable public func index(_ coords: [Int]) -> Int {
        var i = startOffset
        for d in 0..<coords.count { i += coords[d] * strides[d] }
        return i
    }

    /// `index(coords)` after checking every coordinate against the region.
    public func checkedIndex(_ coords: [Int]) throws -> Int {
        guard coords.count == rank, zip(coords, shape).allSatisfy({ $0.0 >= 0 && $0.0 < $0.1 }) else {
            throw RuntimeError.invalidTensor("tensor '\(name)': index \(coords) is outside shape \(shape)")
        }
        return index(coords)
    }

    /// Identity of the buffer in the TensorMap: its base address, as simpler keys by `buffer.addr`.
    var bufferKey: Int { Int(bitPattern: tensor.raw) }

    static func rowMajor(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var s = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[d] = s
            s *= max(shape[d], 1)
        }
        return strides
    }

    static func checkShape(_ shape: [Int], name: String) throws {
        guard (1...maxDims).contains(shape.count), shape.allSatisfy({ $0 >= 1 }) else {
            throw RuntimeError.invalidTensor("tensor '\(name)': shape \(shape) must have 1...\(maxDims) dimensions, "
                + "each at least 1")
        }
    }
}

/// Identity of one `Runtime.run`.
final class RunToken: Sendable {}
