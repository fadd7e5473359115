/// Conversions between tensors and Swift arrays: for tests, small files and command-line values. Hot paths use the
/// typed pointers instead.
extension Tensor {
    /// An fp32 tensor holding `values` (`values.count` must equal the shape's element count).
    public convenience init(f32 values: [Float], shape: [Int]) {
        self.init(dtype: .f32, shape: shape)
        precondition(values.count == count, "\(values.count) values for shape \(shape)")
        values.withUnsafeBufferPointer { if let b = $0.baseAddress { f32.update(from: b, count: count) } }
    }

    /// An int32 tensor holding `values`.
    public convenience init(i32 values: [Int32], shape: [Int]) {
        self.init(dtype: .i32, shape: shape)
        precondition(values.count == count, "\(values.count) values for shape \(shape)")
        values.withUnsafeBufferPointer { if let b = $0.baseAddress { i32.update(from: b, count: count) } }
    }

    /// An int64 tensor holding `values`.
    public convenience init(i64 values: [Int64], shape: [Int]) {
        self.init(dtype: .i64, shape: shape)
        precondition(values.count == count, "\(values.count) values for shape \(shape)")
        values.withUnsafeBufferPointer { if let b = $0.baseAddress { i64.update(from: b, count: count) } }
    }

    /// A bf16 tensor holding the given bit patterns.
    public convenience init(bf16Bits values: [UInt16], shape: [Int]) {
        self.init(dtype: .bf16, shape: shape)
        precondition(values.count == count, "\(values.count) values for shape \(shape)")
        values.withUnsafeBufferPointer { if let b = $0.baseAddress { bf16.update(from: b, count: count) } }
    }

    /// Every element widened to Float (bf16 exactly, i32 by conversion).
    public func floatArray() -> [Float] { (0..<count).map(floatValue(at:)) }

    /// An independent copy with the same dtype, shape and bytes.
    public func copy() -> Tensor {
        let copy = Tensor(dtype: dtype, shape: shape)
        copy.raw.copyMemory(from: raw, byteCount: byteCount)
        return copy
    }

    /// True when both tensors have the same dtype, shape and bytes.
    public func isBitwiseEqual(to other: Tensor) -> Bool {
        dtype == other.dtype && shape == other.shape && memcmpEqual(raw, other.raw, byteCount)
    }
}

private func memcmpEqual(_ a: UnsafeMutableRawPointer, _ b: UnsafeMutableRawPointer, _ n: Int) -> Bool {
    let x = a.assumingMemoryBound(to: UInt8.self), y = b.assumingMemoryBound(to: UInt8.self)
    for i in 0..<n where x[i] != y[i] { return false }
    return true
}
