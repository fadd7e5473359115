/// The element-wise arithmetic of the vector unit's fp32 instructions (TADD, TSUB, TMUL, TMAX, TMULS and the row
/// broadcasts TROWEXPANDSUB/MUL/DIV): `d[k] = x[k] ∘ y[k]`, or `x[k] ∘ s` with one scalar operand.
///
/// Every result element is one IEEE fp32 operation on its two inputs, so how many lanes run at once changes no value.
/// The Swift loop below, four lanes at a time, is the definition; on `.avx512` the AVX-512 kernel
/// (`ptosimd_map_f32`) runs sixteen. `d` may be the very buffer `x` or `y` is (most vector instructions work in
/// place: every lane reads its inputs before it writes); the kernel is used only then or when the buffers do not
/// overlap, so a partial overlap, where lane width would show, always runs the definition.
public enum ElementwiseMath {
    /// The operation applied to each pair: `max` is `Swift.max(x, y)`, which is y where y >= x, else x (a NaN y keeps
    /// x; equal values, +0 and -0, take y).
    public enum Operation: Int32, Sendable, CaseIterable {
        case add, subtract, multiply, divide, max
    }

    typealias Lanes = SIMD4<Float>

    /// `d[k] = x[k] ∘ y[k]` for k < count.
    @inlinable
    public static func apply(_ op: Operation, _ d: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>,
                             _ y: UnsafePointer<Float>, count: Int, path: SIMDPath = .active) {
        if path == .avx512 && kernelMaySkip(d, x, count) && kernelMaySkip(d, y, count) {
            return SIMDKernels.map(op, d, x, y, 0, count: count)
        }
        switch op {
        case .add: definition(d, x, y, count, lanes: { $0 + $1 }, scalar: { $0 + $1 })
        case .subtract: definition(d, x, y, count, lanes: { $0 - $1 }, scalar: { $0 - $1 })
        case .multiply: definition(d, x, y, count, lanes: { $0 * $1 }, scalar: { $0 * $1 })
        case .divide: definition(d, x, y, count, lanes: { $0 / $1 }, scalar: { $0 / $1 })
        case .max: definition(d, x, y, count, lanes: maxLanes, scalar: Swift.max)
        }
    }

    /// `d[k] = x[k] ∘ s` for k < count.
    @inlinable
    public static func apply(_ op: Operation, _ d: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>,
                             scalar s: Float, count: Int, path: SIMDPath = .active) {
        if path == .avx512 && kernelMaySkip(d, x, count) {
            return SIMDKernels.map(op, d, x, nil, s, count: count)
        }
        switch op {
        case .add: definition(d, x, s, count, lanes: { $0 + $1 }, scalar: { $0 + $1 })
        case .subtract: definition(d, x, s, count, lanes: { $0 - $1 }, scalar: { $0 - $1 })
        case .multiply: definition(d, x, s, count, lanes: { $0 * $1 }, scalar: { $0 * $1 })
        case .divide: definition(d, x, s, count, lanes: { $0 / $1 }, scalar: { $0 / $1 })
        case .max: definition(d, x, s, count, lanes: maxLanes, scalar: Swift.max)
        }
    }

    /// Whether the sixteen-lane kernel gives the definition's result for these buffers: the same buffer, or none
    /// of `x` under `d`.
    @inlinable @inline(__always)
    static func kernelMaySkip(_ d: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ count: Int) -> Bool {
        let dp = UnsafePointer(d)
        return dp == x || dp + count <= x || x + count <= dp
    }

    @inlinable @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ i: Int) -> SIMD4<Float> {
        UnsafeRawPointer(p + i).loadUnaligned(as: SIMD4<Float>.self)
    }

    @inlinable @inline(__always)
    static func store(_ v: SIMD4<Float>, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: SIMD4<Float>.self)
    }

    /// `Swift.max` lane by lane: b where b >= a, else a.
    @inlinable @inline(__always)
    static func maxLanes(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> { a.replacing(with: b, where: b .>= a) }

    /// The definition with two tile operands, four lanes at a time (the optimizer cannot vectorize the plain loop
    /// itself, since `d` may alias an input).
    @inlinable @inline(__always)
    static func definition(_ d: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                           _ n: Int, lanes: (SIMD4<Float>, SIMD4<Float>) -> SIMD4<Float>,
                           scalar: (Float, Float) -> Float) {
        var k = 0
        while k + 4 <= n {
            store(lanes(load(x, k), load(y, k)), d, k)
            k += 4
        }
        while k < n {
            d[k] = scalar(x[k], y[k])
            k += 1
        }
    }

    /// The definition with a scalar second operand.
    @inlinable @inline(__always)
    static func definition(_ d: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ s: Float, _ n: Int,
                           lanes: (SIMD4<Float>, SIMD4<Float>) -> SIMD4<Float>, scalar: (Float, Float) -> Float) {
        let splat = SIMD4<Float>(repeating: s)
        var k = 0
        while k + 4 <= n {
            store(lanes(load(x, k), splat), d, k)
            k += 4
        }
        while k < n {
            d[k] = scalar(x[k], s)
            k += 1
        }
    }
}
