import Testing
import PTONumerics

@Suite struct CounterRNGTests {
    /// Filling a stream in arbitrary pieces (odd starts and lengths) gives the same values as one fill.
    @Test func anySplitGivesTheSameValues() {
        let rng = CounterRNG(seed: 7, stream: 3)
        let n = 1000
        var whole = [UInt16](repeating: 0, count: n), pieces = whole
        whole.withUnsafeMutableBufferPointer { rng.fillUniformBF16($0.baseAddress!, count: n, firstElement: 0, low: -1, high: 1) }
        var start = 0
        for len in [1, 2, 3, 10, 101, 256, 627] where start < n {
            let count = min(len, n - start)
            pieces.withUnsafeMutableBufferPointer {
                rng.fillUniformBF16($0.baseAddress! + start, count: count, firstElement: start, low: -1, high: 1)
            }
            start += count
        }
        #expect(whole == pieces)
        // Each element is what the scalar definition says.
        for i in [0, 1, 2, 999] {
            let u = rng.pairedUnitFloat(element: i)
            #expect(whole[i] == BFloat16(-1 + 2 * u).bitPattern)
        }
    }

    @Test func seedsAndStreamsAreIndependent() {
        let a = CounterRNG(seed: 1, stream: 1), b = CounterRNG(seed: 1, stream: 2), c = CounterRNG(seed: 2, stream: 1)
        #expect(a.key != b.key && a.key != c.key && b.key != c.key)
        let draws = (0..<1000).map { a.bits(at: UInt64($0)) }
        #expect(Set(draws).count == 1000)
        #expect(a.bits(at: 5) == CounterRNG(seed: 1, stream: 1).bits(at: 5))
    }

    /// U(−0.5, 0.5) rounded to bf16: the range holds, mean ≈ 0 and variance ≈ 1/12 within 5 standard errors.
    @Test func uniformMoments() {
        let n = 200_000
        var v = [UInt16](repeating: 0, count: n)
        v.withUnsafeMutableBufferPointer {
            CounterRNG(seed: 42, stream: 1).fillUniformBF16($0.baseAddress!, count: n, firstElement: 0, low: -0.5, high: 0.5)
        }
        let x = v.map { Double(BFloat16(bitPattern: $0).float) }
        #expect(x.allSatisfy { $0 >= -0.5 && $0 <= 0.5 })
        let mean = x.reduce(0, +) / Double(n)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        #expect(abs(mean) < 5 * (1.0 / 12).squareRoot() / Double(n).squareRoot())
        #expect(abs(variance - 1.0 / 12) < 0.002)
    }

    /// Integers in [0, n): every value occurs, none outside, counts within a loose chi-square bound.
    @Test func integersAreUniformInRange() {
        let n: UInt32 = 10, draws = 100_000
        var counts = [Int](repeating: 0, count: Int(n))
        var out = [Int32](repeating: -1, count: draws)
        out.withUnsafeMutableBufferPointer { CounterRNG(seed: 3, stream: 4).fillIntegers($0.baseAddress!, count: draws, firstElement: 0, below: n) }
        for v in out { #expect(v >= 0 && v < Int32(n)); counts[Int(v)] += 1 }
        let expected = Double(draws) / Double(n)
        let chi2 = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(chi2 < 30, "chi-square \(chi2) over 9 degrees of freedom")
    }
}
