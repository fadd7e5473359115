import Testing
import PTONumerics

/// The AVX-512 kernels must give the same bits as the Swift loops they replace (the definition), on every input the
/// emulator can feed them. Skipped on a CPU without AVX-512, where only the definition runs.
@Suite(.enabled(if: SIMDPath.avx512Available, "this CPU has no AVX-512"))
struct SIMDPathTests {
    /// Lengths that exercise whole vectors, every partial tail and the empty call.
    static let lengths = Array(0...40) + [255, 256, 257, 1000]

    static func bits(_ xs: [Float]) -> [UInt32] { xs.map(\.bitPattern) }

    static func exp(_ xs: [Float], _ path: SIMDPath) -> [Float] {
        var out = [Float](repeating: .nan, count: xs.count)
        xs.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { d in
                if let src = s.baseAddress { VectorMath.exp(src, d.baseAddress!, count: xs.count, path: path) }
            }
        }
        return out
    }

    /// Every 1021st bit pattern of all 2^32 floats (4.2 M values: every exponent and sign, NaNs, infinities,
    /// subnormals), and 2^20 consecutive floats from each of seven softmax-like starting points, where the
    /// near-halfway cases the kernel hands to the C library occur about once in 2^18.
    @Test func expMatchesTheDefinitionOnTheWholeDomain() {
        var xs: [Float] = []
        var pattern: UInt64 = 0
        while pattern < 1 << 32 { xs.append(Float(bitPattern: UInt32(pattern))); pattern += 1021 }
        for start: Float in [-86.9, -9.5, -2.25, -0.7, -0.001, 0.3, 87.9] {
            var b = start.bitPattern
            for _ in 0..<(1 << 20) { xs.append(Float(bitPattern: b)); b &+= 1 }
        }
        xs += [0, -0, .infinity, -.infinity, .nan, -.nan, Float(bitPattern: 0x7F80_0001), -87, 88, -87.00001, 87.99999]
        let scalar = Self.exp(xs, .scalar), vector = Self.exp(xs, .avx512)
        let bad = xs.indices.filter { scalar[$0].bitPattern != vector[$0].bitPattern }
        #expect(bad.isEmpty, "\(bad.count) mismatches, first inputs \(bad.prefix(5).map { xs[$0] })")
        // The definition itself: the scalar bulk loop is Float(exp(Double(x))) (BulkExpTests); spot-check here too.
        #expect(stride(from: 0, to: xs.count, by: 4099).allSatisfy {
            vector[$0].bitPattern == VectorMath.exp(xs[$0]).bitPattern
        })
    }

    @Test func expTailsAndInPlace() {
        for n in Self.lengths {
            var xs: [Float] = (0..<n).map { Float($0) * -0.37 + 3 }
            let expected = Self.exp(xs, .scalar)
            #expect(Self.bits(Self.exp(xs, .avx512)) == Self.bits(expected))
            xs.withUnsafeMutableBufferPointer { b in
                if let p = b.baseAddress { VectorMath.exp(p, p, count: n, path: .avx512) }
            }
            #expect(Self.bits(xs) == Self.bits(expected))
        }
    }

    /// Narrowing inputs built to hit every rounding case: each sign, each of the 256 exponents (subnormals, NaNs and
    /// infinities included), each of the 128 kept mantissas, and the dropped halves that decide the rounding
    /// (zero, one, just below / at / just above the tie, all ones); then 2^20 pseudo-random patterns.
    static let narrowingSample: [Float] = {
        var xs: [Float] = []
        for sign: UInt32 in [0, 1] {
            for exponent: UInt32 in 0..<256 {
                for kept: UInt32 in 0..<128 {
                    for dropped: UInt32 in [0, 1, 0x3FFF, 0x7FFF, 0x8000, 0x8001, 0xC000, 0xFFFF] {
                        xs.append(Float(bitPattern: sign << 31 | exponent << 23 | kept << 16 | dropped))
                    }
                }
            }
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<(1 << 20) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            xs.append(Float(bitPattern: UInt32(truncatingIfNeeded: state >> 32)))
        }
        return xs
    }()

    @Test(arguments: BF16Rounding.allCases)
    func narrowAndRoundTripMatchTheDefinition(rounding: BF16Rounding) {
        let xs = Self.narrowingSample
        let scalar = BF16Convert.narrow(xs, rounding: rounding, path: .scalar)
        let vector = BF16Convert.narrow(xs, rounding: rounding, path: .avx512)
        let bad = xs.indices.filter { scalar[$0] != vector[$0] }
        #expect(bad.isEmpty, "\(bad.count) mismatches, first inputs \(bad.prefix(5).map { String(xs[$0].bitPattern, radix: 16) })")
        #expect(scalar == xs.map { BFloat16($0, rounding: rounding).bitPattern })
        var tripScalar = xs, tripVector = xs
        tripScalar.withUnsafeMutableBufferPointer { BF16Convert.roundTrip($0.baseAddress!, count: $0.count, rounding: rounding, path: .scalar) }
        tripVector.withUnsafeMutableBufferPointer { BF16Convert.roundTrip($0.baseAddress!, count: $0.count, rounding: rounding, path: .avx512) }
        #expect(Self.bits(tripScalar) == Self.bits(tripVector))
        for n in Self.lengths {
            let part = Array(xs[1000..<(1000 + n)])
            #expect(BF16Convert.narrow(part, rounding: rounding, path: .avx512)
                    == BF16Convert.narrow(part, rounding: rounding, path: .scalar))
        }
    }

    /// All 65 536 bf16 patterns, widened alone and with a copy, at every tail length.
    @Test func widenAndCopyAndWidenMatchTheDefinition() {
        let all = (0...UInt16.max).map { $0 }
        #expect(Self.bits(BF16Convert.widen(all, path: .avx512)) == Self.bits(BF16Convert.widen(all, path: .scalar)))
        for n in Self.lengths + [all.count] {
            let src = Array(all.suffix(n))
            var copies: [[UInt16]] = [], images: [[Float]] = []
            for path in SIMDPath.allCases {
                var copy = [UInt16](repeating: 0xAAAA, count: n + 1), image = [Float](repeating: 7, count: n + 1)
                src.withUnsafeBufferPointer { s in
                    copy.withUnsafeMutableBufferPointer { c in
                        image.withUnsafeMutableBufferPointer { i in
                            if let base = s.baseAddress {
                                BF16Convert.copyAndWiden(base, copy: c.baseAddress!, widened: i.baseAddress!, count: n,
                                                         path: path)
                            }
                        }
                    }
                }
                copies.append(copy); images.append(image)
            }
            #expect(copies[0] == copies[1])
            #expect(Self.bits(images[0]) == Self.bits(images[1]))
            #expect(copies[1].last == 0xAAAA && images[1].last == 7, "wrote past the end at n = \(n)")
        }
    }

    /// The seeded bf16 uniform fill: every start parity and tail length, far draw indices (the Weyl sequence wraps),
    /// several seeds, streams and ranges, and 2^20 elements in one call.
    @Test func uniformBF16FillMatchesTheDefinition() {
        func fill(_ rng: CounterRNG, _ n: Int, from first: Int, _ low: Float, _ high: Float, _ path: SIMDPath) -> [UInt16] {
            var out = [UInt16](repeating: 0xFFFF, count: n + 1)
            out.withUnsafeMutableBufferPointer {
                rng.fillUniformBF16($0.baseAddress!, count: n, firstElement: first, low: low, high: high, path: path)
            }
            #expect(out[n] == 0xFFFF, "wrote past the end")
            return out
        }
        let ranges: [(Float, Float)] = [(-0.5, 0.5), (-1, 1), (0, 1), (-3.25, 1e-3)]
        for (i, rng) in [CounterRNG(seed: 42, stream: 12), CounterRNG(seed: 0, stream: 0),
                         CounterRNG(seed: .max, stream: 13)].enumerated() {
            let (low, high) = ranges[i % ranges.count]
            for first in [0, 1, 2, 17, 1 << 40, Int.max / 2 - 40, Int.max - 50] {
                for n in Self.lengths where first <= Int.max - n {
                    #expect(fill(rng, n, from: first, low, high, .avx512) == fill(rng, n, from: first, low, high, .scalar),
                            "seed case \(i), first \(first), count \(n)")
                }
            }
        }
        for (low, high) in ranges {
            let rng = CounterRNG(seed: 7, stream: 11)
            #expect(fill(rng, 1 << 20, from: 3, low, high, .avx512) == fill(rng, 1 << 20, from: 3, low, high, .scalar))
        }
    }
}
