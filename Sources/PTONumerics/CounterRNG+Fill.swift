/// Bulk fills from a `CounterRNG`: the inner loops of the input generators.
///
/// Element `i` of a stream is defined by position `i` alone, so a caller may fill any sub-range from any thread.
/// One 64-bit draw serves two consecutive elements (its bits 40...63 for the even one, 16...39 for the odd one),
/// which halves the hashing cost; the helpers take care of ranges that start or end on an odd element.
extension CounterRNG {
    /// The 24-bit uniform on [0, 1) for element `element` of the stream (two elements per 64-bit draw).
    @inlinable @inline(__always)
    public func pairedUnitFloat(element: Int) -> Float {
        let draw = bits(at: UInt64(element >> 1))
        let shift: UInt64 = element & 1 == 0 ? 40 : 16
        return Float(UInt32(truncatingIfNeeded: (draw >> shift) & 0xFF_FFFF)) * 0x1p-24
    }

    /// Writes bf16 (round-to-nearest-even) values uniform on [low, high) to `dst[0..<count]`, taken from elements
    /// `firstElement ..< firstElement + count` of the stream; `low + (high - low)·u`, as torch's `uniform_` does
    /// before `.to(bfloat16)`. The loop below is the definition; with `path` `.avx512` the same arithmetic runs
    /// eight draws at a time (`SIMDKernels`), bit for bit.
    @inlinable
    public func fillUniformBF16(_ dst: UnsafeMutablePointer<UInt16>, count: Int, firstElement: Int,
                                low: Float, high: Float, path: SIMDPath = .active) {
        guard count > 0 else { return }
        let width = high - low
        @inline(__always) func bf16(_ u: Float) -> UInt16 { BFloat16.roundNearestEven((low + width * u).bitPattern) }
        var out = 0
        var element = firstElement
        if element & 1 == 1 {  // odd start: the second half of a draw
            dst[0] = bf16(pairedUnitFloat(element: element)); out = 1; element += 1
        }
        let pairs = (count - out) / 2
        let firstDraw = UInt64(element >> 1)
        let pairsBase = dst + out
        if path == .avx512 {
            SIMDKernels.uniformBF16Pairs(key: key, firstDraw: firstDraw, pairs: pairs, low: low, width: width, pairsBase)
        } else {
            for p in 0..<pairs {
                let draw = bits(at: firstDraw &+ UInt64(p))
                let u0 = Float(UInt32(truncatingIfNeeded: draw >> 40)) * 0x1p-24
                let u1 = Float(UInt32(truncatingIfNeeded: (draw >> 16) & 0xFF_FFFF)) * 0x1p-24
                pairsBase[2 * p] = bf16(u0)
                pairsBase[2 * p + 1] = bf16(u1)
            }
        }
        out += 2 * pairs; element += 2 * pairs
        if out < count { dst[out] = bf16(pairedUnitFloat(element: element)) }
    }

    /// Writes integers uniform on [0, n) to `dst[0..<count]`, element `firstElement + k` from draw `firstElement + k`.
    @inlinable
    public func fillIntegers(_ dst: UnsafeMutablePointer<Int32>, count: Int, firstElement: Int, below n: UInt32) {
        for k in 0..<count { dst[k] = Int32(bitPattern: integer(at: UInt64(firstElement + k), below: n)) }
    }
}
