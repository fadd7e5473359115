/// Row-major shape arithmetic for tensors and tiles, with the overflow checks that untrusted shapes (read from a
/// file header or a command line) need before they size an allocation.
public enum Shape {
    /// The number of elements of `shape`, or nil when a dimension is negative or the product overflows `Int`.
    public static func elementCount(_ shape: [Int]) -> Int? {
        var total = 1
        for dim in shape {
            guard dim >= 0 else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: dim)
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// The byte size of a tensor of `shape` and `dtype`, or nil when it is invalid or overflows.
    public static func byteCount(_ shape: [Int], _ dtype: DType) -> Int? {
        guard let count = elementCount(shape) else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.size)
        return overflow ? nil : bytes
    }

    /// Row-major strides in elements (the last dimension has stride 1).
    public static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var stride = 1
        for axis in shape.indices.reversed() {
            strides[axis] = stride
            stride *= shape[axis]
        }
        return strides
    }

    /// The multi-index of flat element `flat` (for messages such as "key_cache[3, 17, 0, 5]").
    public static func index(of flat: Int, in shape: [Int]) -> [Int] {
        var rest = flat
        var index = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }
}
