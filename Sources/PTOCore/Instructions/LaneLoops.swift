/// The inner loops of the element-wise vector instructions, four lanes at a time.
///
/// Each result element is the same single IEEE fp32 operation on the same two inputs as the scalar definition, so
/// lane width changes nothing in the values. Destination and source may be the same buffer (most of the kernel's
/// vector instructions work in place), which stops the optimizer from vectorizing the plain loops itself: it cannot
/// prove the overlap harmless. Element-wise, it is: every lane reads its inputs before it writes.
enum LaneLoops {
    typealias Lanes = SIMD4<Float>

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ i: Int) -> Lanes {
        UnsafeRawPointer(p + i).loadUnaligned(as: Lanes.self)
    }

    @inline(__always)
    static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: Lanes.self)
    }

    /// `d[k] = f(x[k], y[k])` for k < n, with `lanes` and `scalar` the same operation.
    @inline(__always)
    static func map(_ d: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ n: Int,
                    lanes: (Lanes, Lanes) -> Lanes, scalar: (Float, Float) -> Float) {
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

    /// `d[k] = f(x[k], s)` for k < n.
    @inline(__always)
    static func map(_ d: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ s: Float, _ n: Int,
                    lanes: (Lanes, Lanes) -> Lanes, scalar: (Float, Float) -> Float) {
        let splat = Lanes(repeating: s)
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

    /// `Swift.max(a, b)` lane by lane: b where b >= a, else a (so a NaN in `b` keeps `a`, as the scalar max does).
    @inline(__always)
    static func max(_ a: Lanes, _ b: Lanes) -> Lanes { a.replacing(with: b, where: b .>= a) }
}
