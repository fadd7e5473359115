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

    /// Payload size in bytes.
    @inlinable public var byteCount: Int { count * dtype.size }

    /// Allocates a zero-filled tensor.
    public init(dtype: DType, shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.dtype = dtype
        self.shape = shape
        self.count = shape.reduce(1, *)
        let bytes = max(count * dtype.size, 1)
        raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        release = nil
    }

    /// Wraps memory the caller produced (for example a memory-mapped file). `release` runs when the tensor dies.
    public init(dtype: DType, shape: [Int], adopting raw: UnsafeMutableRawPointer,
                release: @escaping @Sendable (UnsafeMutableRawPointer, Int) -> Void) {
        self.dtype = dtype
        self.shape = shape
        self.count = shape.reduce(1, *)
        self.raw = raw
        self.release = release
    }

    deinit {
        if let release { release(raw, byteCount) } else { raw.deallocate() }
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

    /// Element `i` widened to Float (bf16 exactly, i32 by conversion).
    public func floatValue(at i: Int) -> Float {
        switch dtype {
        case .f32: return f32[i]
        case .bf16: return BFloat16(bitPattern: bf16[i]).float
        case .i32: return Float(i32[i])
        }
    }
}
