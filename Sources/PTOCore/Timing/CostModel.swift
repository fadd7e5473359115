/// What one instruction costs on its pipe, before any contention or perturbation.
public struct InstructionCost: Sendable, Equatable {
    /// How the timing model treats the instruction.
    public enum Kind: UInt8, Sendable {
        /// Occupies its pipe for `cycles`.
        case compute
        /// A DMA: `cycles` of latency before the first byte, then `bytes` at up to `bytesPerCycle`.
        case transfer
        /// A set/wait/barrier/cross-core step: `cycles` on its pipe; its waiting is the timing model's business.
        case sync
    }

    public var kind: Kind
    public var cycles: Double
    public var bytes: Double = 0
    public var bytesPerCycle: Double = 0
    /// The transfer reads GM starting at this flat address (-1: it does not read GM).
    public var gmReadAddress: Int = -1
    /// The transfer writes GM.
    public var writesGM = false
    /// `cycles` is a measured whole-transfer overhead that already contains the GM latencies (a size-fitted path),
    /// so the timing model adds no L2-miss penalty to it.
    public var latencyIsMeasured = false

    /// Duration on an otherwise idle chip: latency plus bytes at the path's full bandwidth.
    public var uncontendedCycles: Double { kind == .transfer ? cycles + bytes / bytesPerCycle : cycles }
}

/// The a2a3 cost of each issued instruction, computed from its issue record alone (pipe, opcode, byte ranges), so
/// it prices a trace file exactly like an emulated kernel:
///
/// - DMA (TLOAD, TSTORE, TMOV, TPUSH/TPOP data): the bytes of the local tile over the per-core bandwidth of its path
///   (GM→L1, GM→UB, UB→GM, L0C→GM, L1→L0A, L1→L0B …), after the GM latency of an L2 hit (plus the HBM miss
///   penalty for data nobody wrote during the run, which the timing model decides); or, for a path the parameters
///   give a size fit (pto-isa's on-device Hill model), `(K + bytes) / peak`;
/// - TMATMUL: 6 head cycles plus one cycle per 16×16×16 bf16 fractal, M, K and N recovered from the operand sizes
///   (A and B of the record's operand type, fp32 C); fp32 operands take 2 cycles per 16×8×16 fractal (pto-isa's
///   cube cost model), i.e. twice the bf16 cost per 32-byte step of K, four times per multiply-add;
/// - vector ops: pto-isa's fitted `slope · rows · cols + bias` for the op and tile width (fp32 data assumed), the
///   width of an element-wise op being its destination tile's valid columns (`IssueRecord.vectorShape`);
///   TCVT: the vconv head + 2 cycles per 256-byte repeat + tail;
/// - sync steps: a fixed cost; their waiting comes from the timing model;
/// - scalar GM stores: one scalar issue slot; `dcci`: one GM write latency (an L2 hit).
public struct CostModel: Sendable {
    public let parameters: TimingParameters
    private let fits: [String: [TimingParameters.VectorFit]]
    /// The fits of each opcode (by `Op.rawValue`, its alias resolved), so pricing an instruction looks up no string.
    private let opFits: [[TimingParameters.VectorFit]]
    /// The parameters the hot paths read, as plain numbers (reading them through `parameters` may copy its strings).
    private let k: Constants

    private struct Constants {
        var syncCycles, issueCycles, convertHead, convertPerRepeat, convertTail, cubeHead, cubePerFractal: Double
        var l2HitLatency, clockHz: Double
        var gmToL1, gmToUb, ubToGm, l1ToGm, l0cToGm, l0cToL1, l1ToL0A, l1ToL0B, ubToUb: Double
        var fitGmToL1, fitGmToUb, fitUbToGm, fitL0cToGm: TimingParameters.HillFit?
    }

    public init(parameters: TimingParameters) {
        self.parameters = parameters
        let fits = Dictionary(grouping: parameters.vector.fits, by: \.op).mapValues { $0.sorted { $0.cols < $1.cols } }
        self.fits = fits
        opFits = Op.allCases.map { op in
            let name = fits[op.name] != nil ? op.name : (parameters.vector.aliases[op.name] ?? op.name)
            return fits[name] ?? []
        }
        let d = parameters.dma, v = parameters.vector
        func bw(_ x: SourcedValue) -> Double { parameters.bytesPerCycle(gibPerSecond: x.value) }
        k = Constants(syncCycles: parameters.scalar.syncCycles.value, issueCycles: parameters.scalar.issueCycles.value,
                      convertHead: v.convertHeadCycles.value, convertPerRepeat: v.convertCyclesPerRepeat.value,
                      convertTail: v.convertTailCycles.value, cubeHead: parameters.cube.headCycles.value,
                      cubePerFractal: parameters.cube.cyclesPerFractal.value, l2HitLatency: d.l2HitLatencyCycles.value,
                      clockHz: parameters.clockHz.value,
                      gmToL1: bw(d.gmToL1), gmToUb: bw(d.gmToUb), ubToGm: bw(d.ubToGm), l1ToGm: bw(d.l1ToGm),
                      l0cToGm: bw(d.l0cToGm), l0cToL1: bw(d.l0cToL1), l1ToL0A: bw(d.l1ToL0A), l1ToL0B: bw(d.l1ToL0B),
                      ubToUb: bw(d.ubToUb), fitGmToL1: d.sizeFit?.gmToL1, fitGmToUb: d.sizeFit?.gmToUb,
                      fitUbToGm: d.sizeFit?.ubToGm, fitL0cToGm: d.sizeFit?.l0cToGm)
    }

    /// The cost of one instruction.
    public func cost(_ r: IssueRecord) -> InstructionCost {
        switch r.op {
        case .setFlag, .waitFlag, .pipeBarrier, .crossSet, .crossWait, .tpushCreditWait, .tpushSignal, .tpopWait,
             .tpopFree, .tpipeDrain:
            return InstructionCost(kind: .sync, cycles: k.syncCycles)
        case .tload, .tstore, .tmov, .tpushData, .tpopData:
            return transfer(r)
        case .tmatmul, .tmatmulAcc:
            return InstructionCost(kind: .compute, cycles: matmulCycles(r))
        case .tcvt:
            let elements = Double(max(r.reads.first?.bytes ?? 0, r.writes.first?.bytes ?? 0)) / 4
            let repeats = (elements / 64).rounded(.up)
            return InstructionCost(kind: .compute, cycles: k.convertHead + k.convertPerRepeat * repeats + k.convertTail)
        case .trowmax, .trowsum:
            let rows = max(1, (r.writes.first?.bytes ?? 4) / 4)
            let cols = max(1, (r.reads.first?.bytes ?? 4) / 4 / rows)
            return InstructionCost(kind: .compute, cycles: vectorCycles(opFits[Int(r.op.rawValue)], rows: rows, cols: cols))
        case .trowexpandsub, .trowexpandmul, .trowexpanddiv:
            let rows = max(1, (r.reads.count > 1 ? r.reads[1].bytes : 4) / 4)
            let cols = max(1, (r.reads.first?.bytes ?? 4) / 4 / rows)
            return InstructionCost(kind: .compute, cycles: vectorCycles(opFits[Int(r.op.rawValue)], rows: rows, cols: cols))
        case .tmuls, .tmax, .tsub, .tadd, .tmul, .texp, .texpands, .tfillpad:
            return InstructionCost(kind: .compute, cycles: elementwiseCycles(opFits[Int(r.op.rawValue)], r))
        case .treshape, .scalarStore, .setValue:
            // Scalar-unit work: one issue slot (a GM scalar store lands in the scalar data cache; SetValue writes
            // one element of a local tile).
            return InstructionCost(kind: .compute, cycles: k.issueCycles)
        case .dcci:
            // Writing one cache line back to GM: the GM latency of a small write.
            return InstructionCost(kind: .compute, cycles: k.l2HitLatency)
        case .external:
            return external(r)
        }
    }

    // MARK: DMA

    /// Per-core bandwidth (bytes/cycle) of a move from `src` to `dst`.
    public func bandwidth(from src: Space, to dst: Space) -> Double {
        switch (src, dst) {
        case (.gm, .l1): return k.gmToL1
        case (.gm, .ub): return k.gmToUb
        case (.gm, _): return k.gmToL1
        case (.ub, .gm): return k.ubToGm
        case (.l1, .gm): return k.l1ToGm
        case (.l0c, .gm): return k.l0cToGm
        case (.l0c, _): return k.l0cToL1
        case (.l1, .l0a): return k.l1ToL0A
        case (.l1, .l0b): return k.l1ToL0B
        case (_, .gm): return k.ubToGm
        default: return k.ubToUb
        }
    }

    private func transfer(_ r: IssueRecord) -> InstructionCost {
        guard let src = r.reads.first, let dst = r.writes.first else {
            return InstructionCost(kind: .sync, cycles: k.syncCycles)
        }
        // The local side is the tile; its footprint is the bytes the DMA moves (a GM view may be strided).
        let bytes = Double(src.space == .gm ? dst.bytes : src.bytes)
        let writesGM = dst.space == .gm
        let gmRead = src.space == .gm ? src.offset : -1
        if let fit = sizeFit(from: src.space, to: dst.space) {
            // (K + B) / peak: the fit's fixed term stands for every latency of the path.
            let rate = fit.peakGibs * 1_073_741_824 / k.clockHz  // TimingParameters.bytesPerCycle
            return InstructionCost(kind: .transfer, cycles: fit.kBytes / rate, bytes: bytes, bytesPerCycle: rate,
                                   gmReadAddress: gmRead, writesGM: writesGM, latencyIsMeasured: true)
        }
        let latency = src.space == .gm || writesGM ? k.l2HitLatency : 0
        return InstructionCost(kind: .transfer, cycles: latency, bytes: bytes,
                               bytesPerCycle: bandwidth(from: src.space, to: dst.space),
                               gmReadAddress: gmRead, writesGM: writesGM)
    }

    /// The size-dependent fit of the path from `src` to `dst`, when the parameters carry one.
    private func sizeFit(from src: Space, to dst: Space) -> TimingParameters.HillFit? {
        switch (src, dst) {
        case (.gm, .l1): return k.fitGmToL1
        case (.gm, .ub): return k.fitGmToUb
        case (.ub, .gm): return k.fitUbToGm
        case (.l0c, .gm): return k.fitL0cToGm
        default: return nil
        }
    }

    // MARK: Cube

    /// M, K and N of a MAD from its operand footprints: A = sMK, B = sKN (s = `operandSize` bytes: 2 for bf16, 4
    /// for fp32), C = 4MN (fp32) bytes.
    static func matmulShape(a: Int, b: Int, c: Int, operandSize: Int = 2) -> (m: Int, k: Int, n: Int) {
        guard a > 0, b > 0, c > 0 else { return (0, 0, 0) }
        // A·C/B = 4M² whatever s is.
        let m = max(1, Int((Double(a) * Double(c) / Double(b)).squareRoot() / 2 + 0.5))
        return (m, max(1, (a / operandSize + m / 2) / m), max(1, (c / 4 + m / 2) / m))
    }

    private func matmulCycles(_ r: IssueRecord) -> Double {
        guard r.reads.count >= 2, let c = r.writes.first else { return k.cubeHead }
        let type = r.operandType ?? .bf16
        let (m, k, n) = Self.matmulShape(a: r.reads[0].bytes, b: r.reads[1].bytes, c: c.bytes, operandSize: type.size)
        // A fractal spans 16 rows, 32 bytes of K (16 bf16 or 8 fp32) and 16 columns; fp32 takes 2 cycles for one.
        let kPerFractal = 32 / type.size, passes = type == .f32 ? 2.0 : 1.0
        func tiles(_ x: Int, _ edge: Int) -> Double { Double((x + edge - 1) / edge) }
        return self.k.cubeHead + self.k.cubePerFractal * passes
            * tiles(m, 16) * tiles(k, kPerFractal) * tiles(n, 16)
    }

    // MARK: Vector

    /// `slope · rows · cols + bias` from the fit of `op` (or its alias) for the nearest listed width.
    public func vectorCycles(_ op: String, rows: Int, cols: Int) -> Double {
        let name = fits[op] != nil ? op : (parameters.vector.aliases[op] ?? op)
        return vectorCycles(fits[name] ?? [], rows: rows, cols: cols)
    }

    /// `vectorCycles` for an opcode's fits (empty: no fit).
    private func vectorCycles(_ list: [TimingParameters.VectorFit], rows: Int, cols: Int) -> Double {
        guard let first = list.first else {
            // No fit at all: one cycle per 64-lane repeat.
            return (Double(rows) * Double(cols) / 64).rounded(.up)
        }
        let fit = list.min { abs($0.cols - cols) < abs($1.cols - cols) } ?? first
        return fit.slope * Double(rows) * Double(cols) + fit.bias
    }

    /// Element-wise ops: the fit for the destination tile's rows and width, as pto-isa keys it; an instruction without
    /// a tile shape (a trace file's) takes its element count from its bytes (fp32) and the width min(elements, 128).
    private func elementwiseCycles(_ fits: [TimingParameters.VectorFit], _ r: IssueRecord) -> Double {
        if let shape = r.vectorShape {
            return vectorCycles(fits, rows: max(1, shape.rows), cols: max(1, shape.cols))
        }
        let elements = max(1, (r.writes.first?.bytes ?? 4) / 4)
        let cols = min(elements, 128)
        return vectorCycles(fits, rows: max(1, elements / cols), cols: cols)
    }

    // MARK: Trace-file instructions

    /// An instruction named only by a trace file: priced by its pipe and byte ranges.
    private func external(_ r: IssueRecord) -> InstructionCost {
        switch r.pipe {
        case .mte1, .mte2, .mte3, .fix:
            return transfer(r)
        case .m:
            return InstructionCost(kind: .compute, cycles: matmulCycles(r))
        case .v:
            let name = "TADDS"
            let list = fits[name] ?? fits[parameters.vector.aliases[name] ?? name] ?? []
            return InstructionCost(kind: .compute, cycles: elementwiseCycles(list, r))
        case .s:
            return InstructionCost(kind: .compute, cycles: k.issueCycles)
        }
    }
}
