import Foundation
import PTONumerics
import Testing
@testable import PTOCore

@Suite("Vector instructions")
struct VectorOpsTests {
    static let rows = 4, cols = 16

    func randomValues(_ n: Int, seed: UInt64) -> [Float] {
        var rng = TestRandom(seed: seed)
        return (0..<n).map { _ in rng.float() * 8 }
    }

    @Test(arguments: [Op.tadd, .tsub, .tmul, .tmax])
    func elementwiseBinary(op: Op) throws {
        var h = VectorHarness()
        let a = randomValues(64, seed: 1), b = randomValues(64, seed: 2)
        let ta = h.input(Tile(.ub, rows: 4, cols: 16, .f32), at: 0, a)
        let tb = h.input(Tile(.ub, rows: 4, cols: 16, .f32), at: 0x100, b)
        var dst = Tile(.ub, rows: 4, cols: 16, .f32)
        dst.address = 0x200
        let d = dst
        let got = try h.run(output: dst) { core in
            switch op {
            case .tadd: core.tadd(d, ta, tb)
            case .tsub: core.tsub(d, ta, tb)
            case .tmul: core.tmul(d, ta, tb)
            default: core.tmax(d, ta, tb)
            }
        }
        let expected: [Float] = zip(a, b).map { x, y in
            switch op {
            case .tadd: return x + y
            case .tsub: return x - y
            case .tmul: return x * y
            default: return x > y ? x : y
            }
        }
        #expect(got == expected)
    }

    /// In place, on a padded tile (valid 3x5 of 4x8): only the valid region changes.
    @Test func tmulsInPlaceOnValidRegion() throws {
        var h = VectorHarness()
        let full = Tile(.ub, rows: 4, cols: 8, .f32)
        let all = randomValues(32, seed: 3)
        let t = h.input(full, at: 0, all)
        var part = t
        part.validRows = 3
        part.validCols = 5
        let p = part
        let got = try h.run(output: t) { core in core.tmuls(p, p, 0.5) }
        for r in 0..<4 {
            for c in 0..<8 {
                let inside = r < 3 && c < 5
                #expect(got[r * 8 + c] == (inside ? all[r * 8 + c] * 0.5 : all[r * 8 + c]), "(\(r), \(c))")
            }
        }
    }

    @Test func texpMatchesDoublePrecisionExp() throws {
        var h = VectorHarness()
        var values = randomValues(30, seed: 4)
        values += [-.infinity, 0]
        let t = h.input(Tile(.ub, rows: 2, cols: 16, .f32), at: 0, values)
        var dst = Tile(.ub, rows: 2, cols: 16, .f32)
        dst.address = 0x400
        let d = dst
        let got = try h.run(output: dst) { core in core.texp(d, t) }
        #expect(got == values.map { Float(Foundation.exp(Double($0))) })
        #expect(got[30] == 0)
    }

    /// Row max and row sum over the valid columns only, into a column-major column vector.
    @Test func rowReductions() throws {
        var h = VectorHarness()
        let values = randomValues(4 * 16, seed: 5)
        var src = h.input(Tile(.ub, rows: 4, cols: 16, .f32), at: 0, values)
        src.validCols = 13
        var tmp = Tile(.ub, rows: 4, cols: 16, .f32)
        tmp.address = 0x1000
        var maxCol = Tile(.ub, rows: 8, cols: 1, .f32, layout: .colMajor, validRows: 4)
        maxCol.address = 0x800
        var sumCol = maxCol
        sumCol.address = 0x900
        let (s, t, m, u) = (src, tmp, maxCol, sumCol)
        let gotMax = try h.run(output: maxCol) { core in core.trowmax(m, s, t) }
        let gotSum = try h.run(output: sumCol) { core in core.trowsum(u, s, t) }
        for r in 0..<4 {
            let row = Array(values[(r * 16)..<(r * 16 + 13)])
            #expect(gotMax[r] == row.max()!)
            var sum: Float = 0
            for v in row { sum += v }  // sequential left-to-right fp32
            #expect(gotSum[r] == sum)
        }
    }

    @Test(arguments: [Op.trowexpandsub, .trowexpandmul, .trowexpanddiv])
    func rowBroadcast(op: Op) throws {
        var h = VectorHarness()
        let values = randomValues(4 * 16, seed: 6)
        let perRow: [Float] = [1.5, -2, 0.25, 3]
        let src = h.input(Tile(.ub, rows: 4, cols: 16, .f32), at: 0, values)
        let col = h.input(Tile(.ub, rows: 8, cols: 1, .f32, layout: .colMajor, validRows: 4), at: 0x800, perRow)
        var dst = Tile(.ub, rows: 4, cols: 16, .f32)
        dst.address = 0x1000
        let d = dst
        let got = try h.run(output: dst) { core in
            switch op {
            case .trowexpandsub: core.trowexpandsub(d, src, col)
            case .trowexpandmul: core.trowexpandmul(d, src, col)
            default: core.trowexpanddiv(d, src, col)
            }
        }
        for r in 0..<4 {
            for c in 0..<16 {
                let x = values[r * 16 + c], v = perRow[r]
                let want = op == .trowexpandsub ? x - v : (op == .trowexpandmul ? x * v : x / v)
                #expect(got[r * 16 + c] == want)
            }
        }
    }

    /// A column-major row-broadcast operand passes through the UB scratch at 184 KiB: a tile there is clobbered
    /// with each row value broadcast to a 32-byte block.
    @Test func rowBroadcastWritesTheScratchArea() throws {
        var h = VectorHarness()
        let src = h.input(Tile(.ub, rows: 2, cols: 8, .f32), at: 0, randomValues(16, seed: 7))
        let col = h.input(Tile(.ub, rows: 8, cols: 1, .f32, layout: .colMajor, validRows: 2), at: 0x800, [7, 9])
        let victim = h.input(Tile(.ub, rows: 2, cols: 8, .f32), at: ChipConfig.ubScratchOffset, Array(repeating: 1, count: 16))
        let got = try h.run(output: victim) { core in core.trowexpandmul(src, src, col) }
        #expect(got == Array(repeating: 7, count: 8) + Array(repeating: 9, count: 8))
    }

    @Test func texpandsAndFillPad() throws {
        var h = VectorHarness()
        let t = h.input(Tile(.ub, rows: 3, cols: 8, .f32), at: 0, randomValues(24, seed: 8))
        let got = try h.run(output: t) { core in
            core.texpands(t, 2.5)
            core.pipeBarrier(.pipe(.v))
            core.tfillpadInplace(t, validCols: 5)
        }
        for r in 0..<3 {
            for c in 0..<8 {
                let v = got[r * 8 + c]
                if c < 5 { #expect(v == 2.5) } else { #expect(v.bitPattern == 0xFF80_0000) }
            }
        }
    }

    /// fp32 → bf16 ties: CAST_RINT rounds to even, CAST_ROUND away from zero; bf16 → fp32 is exact.
    @Test func tcvtRoundingModes() throws {
        let ties: [Float] = [
            Float(bitPattern: 0x3F80_8000),  // 1 + 2^-8: exactly between 0x3F80 and 0x3F81 (even below)
            Float(bitPattern: 0x3F81_8000),  // between 0x3F81 and 0x3F82 (even above)
            Float(bitPattern: 0xBF80_8000),  // negative tie
            Float(bitPattern: 0x3F80_8001),  // just above a tie
            1, -3.5, 0, .infinity,
        ]
        for (mode, expected) in [(RoundMode.castRint, [0x3F80, 0x3F82, 0xBF80, 0x3F81, 0x3F80, 0xC060, 0, 0x7F80]),
                                 (.castRound, [0x3F81, 0x3F82, 0xBF81, 0x3F81, 0x3F80, 0xC060, 0, 0x7F80])] {
            var h = VectorHarness()
            let src = h.input(Tile(.ub, rows: 1, cols: 8, .f32), at: 0, ties)
            var dst = Tile(.ub, rows: 1, cols: 16, .bf16, validCols: 8)
            dst.address = 0x100
            let d = dst
            let got = try h.run(output: dst) { core in core.tcvt(d, src, mode) }
            #expect(got.map { BFloat16($0).bitPattern } == expected.map { UInt16($0) }, "\(mode)")
        }
        var h = VectorHarness()
        let bf = h.input(Tile(.ub, rows: 1, cols: 16, .bf16), at: 0, (0..<16).map { Float($0) * 0.375 - 2 })
        var wide = Tile(.ub, rows: 1, cols: 16, .f32)
        wide.address = 0x100
        let w = wide
        let got = try h.run(output: wide) { core in core.tcvt(w, bf, .castRound) }
        #expect(got == (0..<16).map { Float($0) * 0.375 - 2 })
    }
}
