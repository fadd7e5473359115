import Testing
import PTONumerics

/// The AVX-512 element-wise kernel must give the bits of `ElementwiseMath`'s Swift loops for every operation, both
/// operand kinds (tile and scalar), every tail length, in place on either input, and on the values that decide an
/// operation's bits (±0, ±∞, subnormals, overflow, NaN). Arithmetic inputs carry one NaN pattern only (0xFFC00000,
/// x86's default NaN): which of two different NaN payloads an add or a multiply keeps is up to the code generator in
/// the definition too. TMAX never computes a NaN, so its inputs carry several payloads.
@Suite(.enabled(if: SIMDPath.avx512Available, "this CPU has no AVX-512"))
struct ElementwisePathTests {
    static let lengths = Array(0...40) + [255, 256, 257, 1000]

    static func values(_ n: Int, seed: UInt64, manyNaNs: Bool) -> [Float] {
        var state = seed
        let specials: [Float] = [0, -0.0, .infinity, -.infinity, Float(bitPattern: 0xFFC0_0000),
                                 Float(bitPattern: 0x0000_0003), -Float.leastNormalMagnitude, .greatestFiniteMagnitude,
                                 manyNaNs ? Float(bitPattern: 0x7FC0_1234) : 1,
                                 manyNaNs ? Float(bitPattern: 0x7F80_0001) : -1]
        return (0..<n).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let pick = Int(state >> 59)
            if pick < specials.count { return specials[pick] }
            return Float(Int32(truncatingIfNeeded: state >> 20) % 100_000) / 997
        }
    }

    enum Second { case tile, scalar(Float) }

    /// Runs `op` on copies of `x` and `y`; `inPlace` 0: into a separate buffer, 1: into x, 2: into y.
    static func run(_ op: ElementwiseMath.Operation, _ x: [Float], _ y: [Float], _ second: Second, inPlace: Int,
                    _ path: SIMDPath) -> [UInt32] {
        var a = x, b = y, out = [Float](repeating: 12345, count: x.count)
        a.withUnsafeMutableBufferPointer { pa in
            b.withUnsafeMutableBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { po in
                    guard let xa = pa.baseAddress, let yb = pb.baseAddress, let o = po.baseAddress else { return }
                    let d = inPlace == 1 ? xa : (inPlace == 2 ? yb : o)
                    switch second {
                    case .tile: ElementwiseMath.apply(op, d, xa, yb, count: x.count, path: path)
                    case let .scalar(s): ElementwiseMath.apply(op, d, xa, scalar: s, count: x.count, path: path)
                    }
                }
            }
        }
        let result = inPlace == 1 ? a : (inPlace == 2 ? b : out)
        return result.map(\.bitPattern)
    }

    @Test(arguments: ElementwiseMath.Operation.allCases)
    func kernelMatchesTheDefinition(op: ElementwiseMath.Operation) {
        var mismatches: [String] = []
        for n in Self.lengths {
            let x = Self.values(n, seed: UInt64(n) + 1, manyNaNs: op == .max)
            let y = Self.values(n, seed: UInt64(n) + 1000, manyNaNs: op == .max)
            let scalars: [Float] = [0.0883883, -0.0, .infinity, Float(bitPattern: 0xFFC0_0000), 3]
            for inPlace in 0...2 {
                if Self.run(op, x, y, .tile, inPlace: inPlace, .scalar)
                    != Self.run(op, x, y, .tile, inPlace: inPlace, .avx512) {
                    mismatches.append("\(op) n \(n) tile in place \(inPlace)")
                }
                for s in scalars where inPlace < 2 {
                    if Self.run(op, x, y, .scalar(s), inPlace: inPlace, .scalar)
                        != Self.run(op, x, y, .scalar(s), inPlace: inPlace, .avx512) {
                        mismatches.append("\(op) n \(n) scalar \(s) in place \(inPlace)")
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) cases differ, first \(mismatches.prefix(5))")
    }

    /// The definition itself, on values known by hand: max takes y on a tie and keeps x against a NaN y.
    @Test func definitionOnKnownValues() {
        let x: [Float] = [1, 0, 2, -3, 5]
        let y: [Float] = [2, -0.0, .nan, -3, 0.5]
        for path in SIMDPath.runnable {
            #expect(Self.run(.add, x, y, .tile, inPlace: 0, path).prefix(2) == [Float(3).bitPattern, Float(0).bitPattern])
            #expect(Self.run(.divide, x, y, .tile, inPlace: 0, path)[4] == Float(10).bitPattern)
            #expect(Self.run(.max, x, y, .tile, inPlace: 0, path)
                == [Float(2), -0.0, 2, -3, 5].map(\.bitPattern))
            #expect(Self.run(.subtract, x, y, .scalar(1), inPlace: 1, path) == [Float(0), -1, 1, -4, 4].map(\.bitPattern))
        }
    }

    /// A destination that overlaps an input without being it (here one element further on) is where lane width
    /// would show: the kernel must leave it to the four-lane definition.
    @Test func partialOverlapRunsTheDefinition() {
        for n in [5, 17, 33, 100] {
            var results: [[UInt32]] = []
            for path in SIMDPath.runnable {
                var buffer: [Float] = (0..<n + 1).map { Float($0) + 1 }
                buffer.withUnsafeMutableBufferPointer { b in
                    let p = b.baseAddress!
                    ElementwiseMath.apply(.add, p + 1, p, p, count: n, path: path)
                }
                results.append(buffer.map(\.bitPattern))
            }
            #expect(Set(results).count == 1, "n \(n)")
        }
    }
}
