import PTONumerics
import Testing
import PTOCore  // public API only: this file is the code of PTOCore's article "Write and check a kernel"

/// The article's kernel: one AIV scales a row of floats by 2. TLOAD (MTE2) brings the row into UB, TMULS (V)
/// scales it, TSTORE (MTE3) writes it back to GM; two events order the three pipes.
struct ScaleRowProgram: CoreProgram {
    let input: GMView
    let output: GMView
    /// Leave out the MTE2 → V event, to see what the race checker says.
    var withLoadEvent = true
    var done = false

    mutating func step(_ core: CoreIssuer) throws -> Bool {
        guard !done else { return false }
        done = true
        var row = Tile(.ub, rows: 1, cols: input.cols, .f32)
        try core.tassign(&row, 0)
        core.tload(row, input, label: "load x")
        if withLoadEvent {
            core.setFlag(.mte2, .v, 0, label: "x loaded")
            core.waitFlag(.mte2, .v, 0, label: "x loaded")
        }
        core.tmuls(row, row, 2, label: "x * 2")
        core.setFlag(.v, .mte3, 0, label: "y ready")
        core.waitFlag(.v, .mte3, 0, label: "y ready")
        core.tstore(output, row, label: "store y")
        return true
    }
}

/// A core with nothing to do.
struct IdleProgram: CoreProgram {
    mutating func step(_ core: CoreIssuer) throws -> Bool { false }
}

@Suite("Tutorial: write and check a kernel")
struct WriteAndCheckAKernelTests {
    /// Builds GM with `x = [0, 1, ..., 63]` and an empty `y`, and the kernel over them.
    func setUp(withLoadEvent: Bool) -> (Cluster, GlobalMemory, GMBuffer, ScaleRowProgram) {
        let gm = GlobalMemory()
        let x = Tensor(dtype: .f32, shape: [64])
        for i in 0..<64 { x.f32[i] = Float(i) }
        let xBuffer = gm.register(x, name: "x")
        let yBuffer = gm.register(Tensor(dtype: .f32, shape: [64]), name: "y")
        let program = ScaleRowProgram(
            input: GMView(xBuffer, offset: 0, rows: 1, cols: 64, rowStride: 64, .f32),
            output: GMView(yBuffer, offset: 0, rows: 1, cols: 64, rowStride: 64, .f32),
            withLoadEvent: withLoadEvent)
        return (Cluster(index: 0, gm: gm), gm, yBuffer, program)
    }

    @Test func theKernelComputesTwiceItsInput() throws {
        let (cluster, gm, y, kernel) = setUp(withLoadEvent: true)
        var aic = IdleProgram(), aiv0 = kernel, aiv1 = IdleProgram()
        try cluster.run(aic: &aic, aiv0: &aiv0, aiv1: &aiv1)
        let out = gm.tensor(y)
        #expect((0..<64).map { out.f32[$0] } == (0..<64).map { Float(2 * $0) })
    }

    @Test func theCheckerFindsNothingWithBothEvents() throws {
        let (cluster, _, _, kernel) = setUp(withLoadEvent: true)
        var aic = IdleProgram(), aiv0 = kernel, aiv1 = IdleProgram()
        let report = try cluster.check(aic: &aic, aiv0: &aiv0, aiv1: &aiv1)
        #expect(report.isClean)
    }

    @Test func withoutTheLoadEventTheCheckerReportsTheRAW() throws {
        let (cluster, _, _, kernel) = setUp(withLoadEvent: false)
        var aic = IdleProgram(), aiv0 = kernel, aiv1 = IdleProgram()
        let report = try cluster.check(aic: &aic, aiv0: &aiv0, aiv1: &aiv1)
        // TMULS reads the row (RAW against the load) and writes it in place (WAW against the load).
        #expect(report.hazards.map(\.kind) == [.raw, .waw])
        for hazard in report.hazards {
            #expect(hazard.space == .ub && hazard.offset == 0 && hazard.bytes == 256)
            #expect(hazard.first.label == "load x" && hazard.first.pipe == .mte2)
            #expect(hazard.second.label == "x * 2" && hazard.second.pipe == .v)
        }
        #expect(report.text().hasPrefix("RAW on UB [0, 256): aiv0[0] TLOAD 'load x' on MTE2 and aiv0[1] TMULS"))
    }
}
