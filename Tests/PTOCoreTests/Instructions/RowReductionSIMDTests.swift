import Testing
import PTONumerics
@testable import PTOCore

/// TROWSUM / TROWMAX on the AVX-512 path (sixteen rows per vector) must give the bits of the scalar loops, which fold
/// each row left to right: shapes with partial row groups, padded tiles, both layouts, and values that make the
/// order visible (large and small magnitudes, ±0, ±inf, NaN).
@Suite(.enabled(if: SIMDPath.avx512Available, "this CPU has no AVX-512"))
struct RowReductionSIMDTests {
    static func values(_ n: Int, seed: UInt64) -> [Float] {
        var state = seed
        let specials: [Float] = [0, -0, .infinity, -.infinity, .nan, 1e30, -1e30, 1e-30, .leastNonzeroMagnitude]
        return (0..<n).map { i in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            if i % 53 == 7 { return specials[Int(state >> 60) % specials.count] }
            let mantissa = Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
            return mantissa * Float(1 << Int(state >> 59))
        }
    }

    @Test(arguments: [Op.trowsum, Op.trowmax])
    func bothPathsAgree(op: Op) {
        var checked = 0
        for layout in [TileLayout.rowMajor, .colMajor] {
            for (rows, cols, validRows, validCols) in [(16, 128, 16, 128), (64, 128, 64, 128), (40, 136, 37, 129),
                                                       (8, 16, 1, 1), (24, 64, 17, 63), (16, 8, 16, 8)] {
                let src = TileOperand(Tile(.ub, rows: rows, cols: cols, .f32, layout: layout,
                                           validRows: validRows, validCols: validCols))
                let dst = TileOperand(Tile(.ub, rows: rows, cols: 1, .f32, layout: .colMajor, validRows: validRows,
                                           validCols: 1))
                let input = Self.values(rows * cols, seed: UInt64(rows * 1000 + cols))
                var results: [[UInt32]] = []
                for path in SIMDPath.allCases {
                    var out = [Float](repeating: -7, count: rows)
                    input.withUnsafeBytes { s in
                        out.withUnsafeMutableBytes { d in
                            RowEffects.reduce(op, dst, d.baseAddress!, src, s.baseAddress!, path: path)
                        }
                    }
                    results.append(out.map(\.bitPattern))
                }
                #expect(results[0] == results[1], "\(op) \(layout) \(rows)x\(cols) valid \(validRows)x\(validCols)")
                checked += 1
            }
        }
        #expect(checked == 12)
    }
}
