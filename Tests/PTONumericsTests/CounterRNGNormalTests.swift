import Testing
import PTONumerics

@Suite struct CounterRNGNormalTests {
    /// Mean ≈ 0 and variance ≈ 1 within a few standard errors; about 95.45 % of draws within two sigma.
    @Test func normalMoments() {
        let n = 200_000
        var v = [Float](repeating: .nan, count: n)
        v.withUnsafeMutableBufferPointer { CounterRNG(seed: 42, stream: 9).fillNormalF32($0.baseAddress!, count: n, firstElement: 0) }
        let x = v.map(Double.init)
        #expect(x.allSatisfy { $0.isFinite })
        let mean = x.reduce(0, +) / Double(n)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        #expect(abs(mean) < 5 / Double(n).squareRoot())
        #expect(abs(variance - 1) < 5 * (2 / Double(n)).squareRoot())
        let inside = Double(x.filter { abs($0) < 2 }.count) / Double(n)
        #expect(abs(inside - 0.9545) < 0.003, "fraction within 2 sigma: \(inside)")
    }

    /// A piecewise fill equals one fill, and the scale multiplies in fp32.
    @Test func anySplitGivesTheSameScaledValues() {
        let rng = CounterRNG(seed: 5, stream: 2)
        let n = 777
        var whole = [Float](repeating: 0, count: n), pieces = whole
        whole.withUnsafeMutableBufferPointer { rng.fillNormalF32($0.baseAddress!, count: n, firstElement: 0, scale: 0.01) }
        var start = 0
        for len in [1, 3, 100, 673] where start < n {
            let count = min(len, n - start)
            pieces.withUnsafeMutableBufferPointer {
                rng.fillNormalF32($0.baseAddress! + start, count: count, firstElement: start, scale: 0.01)
            }
            start += count
        }
        #expect(whole == pieces)
        #expect(whole[10] == rng.normal(element: 10) * Float(0.01))
    }
}
