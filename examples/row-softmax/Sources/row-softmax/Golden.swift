import Foundation

/// The reference: row softmax in plain Swift loops, in the order the kernel's instructions compute it (max, then
/// x - max, exp in double rounded to float, a left-to-right fp32 sum, one division per element), so the emulator's
/// output must match it bit for bit.
func goldenRowSoftmax(_ x: [Float], rows: Int, cols: Int) -> [Float] {
    var y = [Float](repeating: 0, count: rows * cols)
    for r in 0..<rows {
        let row = x[r * cols ..< (r + 1) * cols]
        let m = row.max()!
        let e = row.map { Float(exp(Double($0 - m))) }
        var sum: Float = 0
        for v in e { sum += v }
        for c in 0..<cols { y[r * cols + c] = e[c] / sum }
    }
    return y
}

/// Deterministic inputs in [-4, 4): a small linear congruential generator, so every run sees the same matrix.
func sampleMatrix(rows: Int, cols: Int, seed: UInt64 = 1) -> [Float] {
    var state = seed
    return (0..<rows * cols).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(state >> 40) / Float(1 << 24) * 8 - 4
    }
}
