/// A contiguous row-major host tensor: one GM allocation as the chip's runtime sees it (`ChipTensor`), or an input or
/// output file's payload.
///
/// The bytes live in a single raw buffer that the tensor owns (allocated, or memory-mapped by a reader that passes a
/// deallocator). Element access goes through typed pointers; the type is a class so that the emulator, the golden and
/// the writers share one buffer without copying. It is `@unchecked Sendable`: concurrent writers must touch disjoint
/// ranges, which is how the emulated clusters use GM.
public final class Tensor: @unchecked Sendable {
    /// Element type.
    public let dtype: DType
    /// Dimensions, outermost first.
    public let shape: [Int]
    /// Base address of the payload.
    public let raw: UnsafeMutableRawPointer
    /// Number of elements (product of `shape`; 1 for a scalar).
    public let count: Int
    private let release: (@Sendable (UnsafeMutableRawPointer, Int) -> Void)?
    private let mapped: Bool

    /// Payload size in bytes.
    @inlinable public var byteCount: Int { count * dtype.size }

    /// Allocates a zero-filled tensor. Large tensors are mapped lazily (see `PageAllocator`), so allocation is cheap
    /// and the pages are first touched by whichever thread fills them.
    public init(dtype: DType, shape: [Int]) {
        guard let count = Shape.elementCount(shape) else {
            preconditionFailure("invalid tensor shape \(shape) (negative dimension or element-count overflow)")
        }
        self.dtype = dtype
        self.shape = shape
        self.count = count
        (raw, mapped) = PageAllocator.allocateZeroed(max(count * dtype.size, 1))
        release = nil
    }

    /// Wraps memory the caller produced (for example a memory-mapped file). `release` runs when the tensor dies.
    public init(dtype: DType, shape: [Int], adopting raw: UnsafeMutableRawPointer,
                release: @escaping @Sendable (UnsafeMutableRawPointer, Int) -> Void) {
        guard let count = Shape.elementCount(shape) else {
            preconditionFailure("invalid tensor shape \(shape) (negative dimension or element-count overflow)")
        }
        self.dtype = dtype
        self.shape = shape
        self.count = count
        self.raw = raw
        self.release = release
        self.mapped = false
    }

    deinit {
        if let release { release(raw, byteCount) } else {
            PageAllocator.release(raw, bytes: max(byteCount, 1), mapped: mapped)
        }
    }

    /// The payload as fp32 (dtype must be `.f32`).
    @inlinable public var f32: UnsafeMutablePointer<Float> {
        precondition(dtype == .f32, "tensor is \(dtype), not f32"); return raw.assumingMemoryBound(to: Float.self)
    }
    /// The payload as bf16 bit patterns (dtype must be `.bf16`).
    @inlinable public var bf16: UnsafeMutablePointer<UInt16> {
        precondition(dtype == .bf16, "tensor is \(dtype), not bf16"); return raw.assumingMemoryBound(to: UInt16.self)
    }
    /// The payload as Int32 (dtype must be `.i32`).
    @inlinable public var i32: UnsafeMutablePointer<Int32> {
        precondition(dtype == .i32, "tensor is \(dtype), not i32"); return raw.assumingMemoryBound(to: Int32.self)
    }

    /// The payload as Int64 (dtype must be `.i64`).
    @inlinable public var i64: UnsafeMutablePointer<Int64> {
        precondition(dtype == .i64, "tensor is \(dtype), not i64"); return raw.assumingMemoryBound(to: Int64.self)
    }

    /// Element `i` widened to Float (bf16 exactly, i32 and i64 by conversion).
    public func floatValue(at i: Int) -> Float {
        switch dtype {
        case .f32: return f32[i]
        case .bf16: return BFloat16(bitPattern: bf16[i]).float
        case .i32: return Float(i32[i])
        case .i64: return Float(i64[i])
        }
    }

    /// A short description such as `bf16[24, 16, 128]`, for messages.
    public var signature: String { "\(dtype.rawValue)\(shape)" }
}
