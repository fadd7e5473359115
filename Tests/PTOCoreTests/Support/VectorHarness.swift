import PTONumerics
@testable import PTOCore

/// Runs one vector instruction on AIV0: loads fp32 (or bf16) inputs from GM into UB tiles, issues `body`, stores
/// the output tile back, and returns the stored values. Every phase is separated by PIPE_ALL so only the
/// instruction under test decides the result.
struct VectorHarness {
    let gm = GlobalMemory()
    var inputs: [(tile: Tile, values: [Float])] = []

    /// Adds an input tile placed at `address`, filled from `values` (row-major logical order of the valid region).
    mutating func input(_ tile: Tile, at address: Int, _ values: [Float]) -> Tile {
        var t = tile
        t.address = address
        inputs.append((t, values))
        return t
    }

    /// Runs `body` and returns the valid region of `output` in logical row-major order (bf16 widened exactly).
    func run(output: Tile, _ body: @escaping (CoreIssuer) -> Void) throws -> [Float] {
        let count = output.validRows * output.validCols
        let out = Tensor(dtype: output.dtype == .f32 ? .f32 : .bf16, shape: [max(count, 1)])
        let outBuf = gm.register(out, name: "out")
        var loads: [(Tile, GMView)] = []
        for (i, input) in inputs.enumerated() {
            let t = input.tile
            let n = t.lineCount * t.lineLength
            // Store each input in storage-line order so TLOAD's line copy reproduces the logical values.
            var stored = [Float](repeating: 0, count: n)
            for r in 0..<t.validRows {
                for c in 0..<t.validCols {
                    let line = t.layout == .rowMajor ? r : c, pos = t.layout == .rowMajor ? c : r
                    stored[line * t.lineLength + pos] = input.values[r * t.validCols + c]
                }
            }
            let buffer: GMBuffer
            if t.dtype == .f32 {
                buffer = gm.register(TestTensors.f32(stored, shape: [n]), name: "in\(i)")
            } else {
                buffer = gm.register(TestTensors.bf16(stored, shape: [n]).0, name: "in\(i)")
            }
            loads.append((t, GMView(buffer, offset: 0, rows: t.lineCount, cols: t.lineLength, rowStride: t.lineLength, t.dtype)))
        }
        let o = output
        try runCluster(gm: gm, aiv0: [{ core in
            for (t, view) in loads { core.tload(t, view) }
            core.pipeBarrier(.all)
            body(core)
            core.pipeBarrier(.all)
            core.tstore(GMView(outBuf, offset: 0, rows: o.lineCount, cols: o.lineLength, rowStride: o.lineLength, o.dtype), o)
            core.pipeBarrier(.all)
        }])
        var result = [Float](repeating: 0, count: count)
        for r in 0..<o.validRows {
            for c in 0..<o.validCols {
                let line = o.layout == .rowMajor ? r : c, pos = o.layout == .rowMajor ? c : r
                result[r * o.validCols + c] = out.floatValue(at: line * o.lineLength + pos)
            }
        }
        return result
    }
}

extension Tile {
    var lineCount: Int { layout == .rowMajor ? validRows : validCols }
    var lineLength: Int { layout == .rowMajor ? validCols : validRows }
}
