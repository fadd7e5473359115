import Testing
import PTONumerics
@testable import PTOCore

/// Runs hand-written scripts as blocks of a timed chip: the same three scripts on each of `clusters` clusters (one
/// block each), simulated together from cycle 0 with the built-in a2a3 parameters unless told otherwise.
struct TimedHarness {
    let gm = GlobalMemory()
    var parameters: TimingParameters
    var schedule: Schedule = .nominal
    var clusters = 1

    init() throws { parameters = try TimingParameters.builtIn() }

    struct Result {
        let run: TimedRun
        let timeline: [TimelineBlock]
        let chip: TimedChip
        /// The clusters the blocks ran on, by block.
        let clusters: [Cluster]

        /// The entry of the first instruction on `core` with this op and label.
        func entry(block: Int = 0, core: Int, _ op: Op, _ label: String) throws -> TimelineEntry {
            try #require(timeline[block].cores[core].first { $0.record.op == op && $0.record.label.description == label },
                         "no \(op) '\(label)' on core \(core)")
        }
    }

    func run(aic: [(CoreIssuer) throws -> Void] = [], aiv0: [(CoreIssuer) throws -> Void] = [],
             aiv1: [(CoreIssuer) throws -> Void] = [], effects: Bool = true) throws -> Result {
        let chip = TimedChip(options: .init(parameters: parameters, schedule: schedule, applyEffects: effects))
        let list = (0..<clusters).map { Cluster(index: $0, gm: gm) }
        for (c, cluster) in list.enumerated() {
            var a = ScriptProgram(aic), b = ScriptProgram(aiv0), d = ScriptProgram(aiv1)
            try chip.capture(cluster: cluster, hardwareBlock: c, aic: &a, aiv0: &b, aiv1: &d)
        }
        let run = chip.simulate()
        return Result(run: run, timeline: chip.timeline(), chip: chip, clusters: list)
    }

    /// A bf16 GM buffer of `count` elements (zeros), for loads that only need bytes to move.
    func bf16Buffer(_ count: Int, name: String) -> GMBuffer {
        gm.register(Tensor(dtype: .bf16, shape: [count]), name: name)
    }

    /// A fp32 GM buffer holding `values`.
    func f32Buffer(_ values: [Float], name: String) -> GMBuffer {
        gm.register(TestTensors.f32(values, shape: [values.count]), name: name)
    }

    /// A tile placed at `address` (tests choose legal addresses).
    static func tile(_ space: Space, _ rows: Int, _ cols: Int, _ dtype: ElementType, _ layout: TileLayout = .rowMajor,
                     at address: Int) -> Tile {
        var t = Tile(space, rows: rows, cols: cols, dtype, layout: layout)
        t.address = address
        return t
    }
}
