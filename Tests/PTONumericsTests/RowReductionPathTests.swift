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
