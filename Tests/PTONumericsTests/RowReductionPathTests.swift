import Testing
import PTONumerics

/// The AVX-512 row reductions must give the bits of the Swift definition (`RowReduction`), on every shape the
/// vector unit can reduce: whole 8-row groups and leftover rows, column counts with and without a partial 8-column
/// block, padded row strides, strided outputs, and the values that decide a fold's bits (NaN, ±0, ±∞, subnormals).
/// Every NaN in the inputs is the one pattern x86 produces for ∞ − ∞ (0xFFC00000): which payload survives when two
/// different NaNs are added is up to the code generator (LLVM may commute an add), in the definition as well.
@Suite(.enabled(if: SIMDPath.avx512Available, "this CPU has no AVX-512"))
struct RowReductionPathTests {
    static func reduce(_ src: [Float], rows: Int, cols: Int, rowStep: Int, max: Bool, dstStep: Int,
                       _ path: SIMDPath) -> [UInt32] {
        var out = [Float](repeating: 12345, count: rows * dstStep)
        src.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { d in
                RowReduction.reduce(s.baseAddress!, rows: rows, cols: cols, rowStep: rowStep, colStep: 1, max: max,
                                    into: d.baseAddress!, dstStep: dstStep, path: path)
            }
        }
        return out.map(\.bitPattern)
    }

    /// A value drawn from `state`: mostly ordinary numbers of mixed magnitude, sometimes a special value.
    static func value(_ state: inout UInt64) -> Float {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let pick = Int(state >> 58)
        let specials: [Float] = [.infinity, -.infinity, 0, -0.0, Float(bitPattern: 0xFFC0_0000),
                                 Float(bitPattern: 0x0000_0003), -Float.leastNormalMagnitude]
        if pick < specials.count { return specials[pick] }
        return Float(Int32(truncatingIfNeeded: state >> 20) % 100_000) / 997
    }

    @Test(arguments: [false, true])
    func matchesTheDefinitionOnEveryShape(max: Bool) {
        var state: UInt64 = max ? 7 : 11
        var mismatches: [String] = []
        for rows in [1, 3, 7, 8, 9, 15, 16, 17, 24, 33, 64] {
            for cols in [1, 2, 7, 8, 9, 15, 16, 64, 100, 128] {
                for pad in [0, 3] {
                    let rowStep = cols + pad
                    // Plain data, then data with special values sprinkled in.
                    for special in [false, true] {
                        let src: [Float] = (0..<rows * rowStep).map { _ in
                            let v = Self.value(&state)
                            return special || v.isFinite ? v : 1.5
                        }
                        for dstStep in [1, 2] {
                            let a = Self.reduce(src, rows: rows, cols: cols, rowStep: rowStep, max: max,
                                                dstStep: dstStep, .scalar)
                            let b = Self.reduce(src, rows: rows, cols: cols, rowStep: rowStep, max: max,
                                                dstStep: dstStep, .avx512)
                            if a != b { mismatches.append("\(rows)x\(cols) step \(rowStep) out \(dstStep)") }
                        }
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) shapes differ, first \(mismatches.prefix(5))")
    }

    /// TROWMAX's AVX-512 kernel folds blocks of columns separately and merges them in order, which is only the
    /// definition's result if ties (+0 against -0), NaNs (of any payload: a maximum never computes one) and -inf land
    /// as the single left-to-right chain has them. Values are drawn from a few small pools, so that the largest value
    /// of a row is often a zero of either sign met in several blocks, and NaN or -inf runs fill whole blocks; column
    /// counts cover one block, a partial block, exactly 16 blocks and several merges of 16.
    @Test func maximumOfBlocksMatchesTheDefinitionOnTiesAndNaNs() {
        let nans = [Float(bitPattern: 0x7FC0_0001), Float(bitPattern: 0xFFC0_1234), Float(bitPattern: 0x7F80_0001)]
        let pools: [[Float]] = [
            [0, -0.0, 1, -1, .infinity, -.infinity] + nans,
            [0, -0.0, -1, -.infinity] + nans,
            [0, -0.0],
            [-0.0, -.infinity, nans[0], nans[0], nans[1], nans[2]],
            [0, -.infinity, -.infinity, -.infinity] + nans,
        ]
        let below: [Float] = [-1, -.infinity] + nans
        var state: UInt64 = 99
        var mismatches: [String] = []
        for rows in [8, 16, 24] {
            for cols in [8, 9, 15, 16, 17, 64, 127, 128, 129, 135, 136, 300, 520] {
                for (p, pool) in pools.enumerated() {
                    // Each row draws from `pool` up to a random column and from `below` after it, so the zeros that
                    // decide the sign sit anywhere, including only before a given merge of blocks.
                    var src: [Float] = []
                    for _ in 0..<rows {
                        let cut = Int(Self.draw(&state) % UInt64(cols + 1))
                        for c in 0..<cols {
                            let from = c < cut ? pool : below
                            src.append(from[Int(Self.draw(&state) % UInt64(from.count))])
                        }
                    }
                    let a = Self.reduce(src, rows: rows, cols: cols, rowStep: cols, max: true, dstStep: 1, .scalar)
                    let b = Self.reduce(src, rows: rows, cols: cols, rowStep: cols, max: true, dstStep: 1, .avx512)
                    if a != b { mismatches.append("\(rows)x\(cols) pool \(p)") }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) cases differ, first \(mismatches.prefix(5))")
    }

    static func draw(_ state: inout UInt64) -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }

    /// Spot checks of the definition itself on values whose fold is known by hand.
    @Test func definitionFoldsLeftToRight() {
        // 1e8 + 1 + ... : left to right, every small term is lost; any other order could keep some.
        var row: [Float] = [1e8] + Array(repeating: 1, count: 15)
        let rows = 8
        var src: [Float] = []
        for _ in 0..<rows { src += row }
        for path in SIMDPath.runnable {
            let sums = Self.reduce(src, rows: rows, cols: 16, rowStep: 16, max: false, dstStep: 1, path)
            #expect(sums == Array(repeating: Float(1e8).bitPattern, count: rows))
        }
        // Swift.max(acc, x) keeps acc for a NaN x and takes x on a tie: max over [+0, -0] is -0; [NaN first] stays NaN.
        row = [0, -0.0, -1, Float(bitPattern: 0xFFC0_0000)] + Array(repeating: -2, count: 4)
        src = []
        for _ in 0..<rows { src += row }
        for path in SIMDPath.runnable {
            let maxima = Self.reduce(src, rows: rows, cols: 8, rowStep: 8, max: true, dstStep: 1, path)
            #expect(maxima == Array(repeating: Float(-0.0).bitPattern, count: rows))
        }
    }
}
