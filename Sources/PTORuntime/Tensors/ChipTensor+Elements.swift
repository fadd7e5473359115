import PTONumerics

/// Typed element access for kernel bodies and orchestration code: the host-side equivalent of a kernel forming
/// `buffer.addr + start_offset` and indexing with the view's strides.
extension ChipTensor {
    /// Pointer to the region's first element as fp32 (the buffer must be `.f32`).
    @inlinable public var f32: UnsafeMutablePointer<Float> { tensor.f32 + startOffset }
    /// Pointer to the region's first element as bf16 bits (the buffer must be `.bf16`).
    @inlinable public var bf16: UnsafeMutablePointer<UInt16> { tensor.bf16 + startOffset }
    /// Pointer to the region's first element as Int32 (the buffer must be `.i32`).
    @inlinable public var i32: UnsafeMutablePointer<Int32> { tensor.i32 + startOffset }

    /// Elements between consecutive rows of the region's two innermost dimensions (its leading dimension).
    public var rowStride: Int { rank >= 2 ? strides[rank - 2] : shape[0] }

    /// The element at `coords`, widened to Float.
    public func value(_ coords: [Int]) throws -> Float {
        tensor.floatValue(at: try checkedIndex(coords))
    }

    /// Stores `value` at `coords`, narrowing to the buffer's type (bf16 rounds to nearest even, i32 and i64 truncate).
    public func setValue(_ value: Float, at coords: [Int]) throws {
        let i = try checkedIndex(coords)
        switch dtype {
        case .f32: tensor.f32[i] = value
        case .bf16: tensor.bf16[i] = BFloat16(value).bitPattern
        case .i32: tensor.i32[i] = Int32(value)
        case .i64: tensor.i64[i] = Int64(value)
        }
    }

    /// Copies the region into a dense row-major fp32 array.
    public func floats() -> [Float] {
        var out = [Float]()
        out.reserveCapacity(elementCount)
        var coords = [Int](repeating: 0, count: rank)
        for _ in 0..<elementCount {
            out.append(tensor.floatValue(at: index(coords)))
            var d = rank - 1
            while d >= 0 {
                coords[d] += 1
                if coords[d] < shape[d] { break }
                coords[d] = 0
                d -= 1
            }
        }
        return out
    }
}
