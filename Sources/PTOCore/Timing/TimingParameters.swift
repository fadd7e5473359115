import Foundation

/// One documented figure of the cost model: its value, its unit and the public source it comes from.
public struct SourcedValue: Sendable, Decodable, Equatable {
    public var value: Double
    public var unit: String?
    public var source: String

    public init(_ value: Double, unit: String? = nil, source: String) {
        self.value = value
        self.unit = unit
        self.source = source
    }
}

/// The cost model of one a2a3 die: clock, cube and vector throughput, per-core DMA bandwidth, GM latencies, the
/// HBM bandwidth every core shares, sync latencies and the runtime's dispatch overheads. The figures live in one
/// JSON file (`Timing/a2a3-timing.json`, compiled into the binary), each with its public source, plus the sections
/// that derive the other built-in sets (`BuiltInSet`); `load(path:)` reads another file of the same form.
public struct TimingParameters: Sendable, Decodable, Equatable {
    /// The scalar unit: cost of issuing a data instruction and a sync step, and how many instructions a pipe queue
    /// holds before issue stalls.
    public struct Scalar: Sendable, Decodable, Equatable { public var issueCycles, pipeQueueDepth, syncCycles: SourcedValue }
    /// Delivery latencies of intra-core flags and FFTS cross-core sets.
    public struct Sync: Sendable, Decodable, Equatable { public var flagLatencyCycles, crossCoreLatencyNs: SourcedValue }
    /// The cube's MAD cost: cycles per 16×16×16 fractal and fixed head cycles.
    public struct Cube: Sendable, Decodable, Equatable { public var cyclesPerFractal, headCycles: SourcedValue }
    /// One row of pto-isa's vector formula table: `cycles = slope * rows * cols + bias` (cols 0: any width).
    public struct VectorFit: Sendable, Decodable, Equatable {
        public var op: String
        public var cols: Int
        public var slope: Double
        public var bias: Double
    }
    /// The vector unit's fitted per-op formulas, the aliases for ops without a fit, and the TCVT (vconv) formula.
    public struct Vector: Sendable, Decodable, Equatable {
        public var fitsSource: String
        public var fits: [VectorFit]
        public var aliasesSource: String
        public var aliases: [String: String]
        public var convertHeadCycles, convertCyclesPerRepeat, convertTailCycles: SourcedValue
    }
    /// Per-core DMA bandwidths (GiB/s) by path, and the latencies before a GM access's first byte.
    public struct DMA: Sendable, Decodable, Equatable {
        public var bandwidthSource: String
        public var gmToL1, gmToUb, ubToGm, l1ToGm, l0cToGm, l0cToL1, l1ToL0A, l1ToL0B, ubToUb: SourcedValue
        public var l2HitLatencyCycles, hbmMissExtraCycles: SourcedValue
        /// Optional size-dependent transfer times for the external GM paths (absent from the built-in set).
        public var sizeFit: SizeFit?
    }
    /// One path of a size-dependent ("Hill") DMA fit: a transfer of `B` bytes moves at `peak · B / (K + B)`, so it
    /// takes `(K + B) / peak` — a fixed `K / peak` plus the bytes at the peak rate.
    public struct HillFit: Sendable, Decodable, Equatable {
        public var peakGibs: Double
        public var kBytes: Double
    }
    /// pto-isa's fitted bandwidth mode (`PTO_BW_MODE=fitted`, measured on the device): per external GM path, a Hill
    /// fit that replaces both the flat bandwidth and the GM latencies of that path. Paths without a fit keep the flat
    /// table.
    public struct SizeFit: Sendable, Decodable, Equatable {
        public var source: String
        public var gmToL1, gmToUb, ubToGm, l0cToGm: HillFit?
    }
    /// The HBM bandwidth every core of the die shares.
    public struct HBM: Sendable, Decodable, Equatable { public var bandwidth: SourcedValue }
    /// simpler's runtime around the kernel: orchestration per task, dispatch, cold core start, completion notice.
    public struct Runtime: Sendable, Decodable, Equatable {
        public var orchestrationUsPerTask, dispatchNs, coreStartUs, completionNs: SourcedValue
    }
    /// simpler's runtime threads as the runtime timed model replays them (`TimedChip.simulateRuntime`): the
    /// orchestrator's cost per operation of a submit, the scheduler threads' cost per dispatch and per completion,
    /// and the AICore's pickup latency. Each figure names its public source or what it was fitted on.
    public struct RuntimeModel: Sendable, Decodable, Equatable {
        public var schedulerThreads, orchStartAfterSchedNs, orchFixedNs, userCodeNs, submitNs, paramCopyArgNs,
                   tensormapLookupNs, tensormapInsertNs, depEdgeNs, heapAllocNs, scopeBeginNs, scopeEndNs,
                   scopeEndTaskNs, schedDispatchNs, schedCompleteNs, warmStartNs: SourcedValue
    }
    /// The perturbation distribution of `--schedule random` (not hardware data).
    public struct RandomSchedule: Sendable, Decodable, Equatable {
        public var source: String
        public var computeSpread, dmaSpread, dmaStallProbability, dmaStallMeanCycles: SourcedValue
        public var completionDelayProbability, dmaCompletionDelayMeanCycles, computeCompletionDelayMeanCycles: SourcedValue
    }
    /// Values that replace the public ones when a fitted set is chosen, by dotted path (`"scalar.issue_cycles"`).
    public struct Calibrated: Sendable, Decodable, Equatable {
        public var description: String
        public var overrides: [String: SourcedValue]
    }

    /// The parameter sets compiled into the binary, by the name `--cost-model` takes.
    public enum BuiltInSet: String, CaseIterable, Sendable {
        /// Every figure from a public source (the file's main sections).
        case `public`
        /// The public set with pto-isa's on-device size-fitted DMA model (`pto_isa_fitted_dma`).
        case ptoFittedDMA = "pto-fitted-dma"
        /// The public set with the two figures the `history` section fits on simpler's kernel before #704.
        case history
        /// The public set with the two figures the `calibrated` section fits on Case1.
        case calibrated
        /// The public set with the `predicting` section's overrides: figures fitted only on spmd_paged_attention's
        /// on-board rows, so every other scene's modeled time is a prediction.
        case predicting
    }

    public var name: String
    public var description: String
    public var clockHz: SourcedValue
    public var scalar: Scalar
    public var sync: Sync
    public var cube: Cube
    public var vector: Vector
    public var dma: DMA
    public var hbm: HBM
    public var runtime: Runtime
    public var runtimeModel: RuntimeModel
    /// Overrides of the predicting set (`--cost-model predicting`): fitted on spmd_paged_attention rows and public
    /// figures of other workloads only.
    public var predicting: Calibrated?
    public var randomSchedule: RandomSchedule
    public var calibrated: Calibrated
    /// Overrides fitted on the previous version of the kernel only (optional in other files).
    public var history: Calibrated?
    /// pto-isa's on-device size fit, carried by the built-in file for `--cost-model pto-fitted-dma`; inactive until
    /// `applyingFittedDMA()` copies it into `dma.sizeFit`.
    public var ptoIsaFittedDma: SizeFit?

    // MARK: Derived figures

    /// Nanoseconds per cycle.
    public var nanosecondsPerCycle: Double { 1e9 / clockHz.value }
    /// A GiB/s figure as bytes per cycle.
    public func bytesPerCycle(gibPerSecond: Double) -> Double { gibPerSecond * 1_073_741_824 / clockHz.value }
    /// Nanoseconds as cycles.
    public func cycles(nanoseconds: Double) -> Double { nanoseconds * clockHz.value / 1e9 }
    /// The HBM bandwidth as bytes per cycle.
    public var hbmBytesPerCycle: Double { hbm.bandwidth.value / clockHz.value }
}

/// A parameter file that cannot be used: names the file and the problem.
public struct TimingParametersError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension TimingParameters {
    /// The compiled-in a2a3 parameters: the public set, or with the calibrated overrides applied, or with pto-isa's
    /// fitted DMA model in place of the flat bandwidth table.
    public static func builtIn(calibrated: Bool = false, fittedDMA: Bool = false) throws -> TimingParameters {
        var p = try decode(Data(PackageResources.a2a3_timing_json), origin: "built-in a2a3-timing.json")
        if fittedDMA { p = try p.applyingFittedDMA() }
        return calibrated ? try p.applyingCalibration() : p
    }

    /// One of the compiled-in sets by name.
    public static func builtIn(_ set: BuiltInSet) throws -> TimingParameters {
        switch set {
        case .public: return try builtIn()
        case .ptoFittedDMA: return try builtIn(fittedDMA: true)
        case .calibrated: return try builtIn(calibrated: true)
        case .predicting:
            let p = try builtIn()
            guard let predicting = p.predicting else {
                throw TimingParametersError("the built-in cost model has no predicting section")
            }
            return try p.applying(predicting, suffix: "predicting")
        case .history:
            let p = try builtIn()
            guard let history = p.history else {
                throw TimingParametersError("the built-in cost model has no history section")
            }
            return try p.applying(history, suffix: "history")
        }
    }

    /// These parameters with the file's `pto_isa_fitted_dma` section as the active size fit of the GM paths.
    public func applyingFittedDMA() throws -> TimingParameters {
        guard let fit = ptoIsaFittedDma else {
            throw TimingParametersError("the cost model '\(name)' has no pto_isa_fitted_dma section")
        }
        var p = self
        p.dma.sizeFit = fit
        p.name += " (pto-isa fitted DMA)"
        try p.validate(origin: "pto_isa_fitted_dma")
        return p
    }

    /// Reads a parameter file of the same form as the built-in one.
    public static func load(path: String, calibrated: Bool = false) throws -> TimingParameters {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TimingParametersError("\(path): cannot read the cost-model file")
        }
        let p = try decode(data, origin: path)
        return calibrated ? try p.applyingCalibration() : p
    }

    static func decode(_ data: Data, origin: String) throws -> TimingParameters {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let p: TimingParameters
        do {
            p = try decoder.decode(TimingParameters.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw TimingParametersError("\(origin): missing field '\(path(context.codingPath + [key]))'")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw TimingParametersError("\(origin): field '\(path(context.codingPath))' has the wrong type")
        } catch let DecodingError.dataCorrupted(context) {
            throw TimingParametersError("\(origin): not valid JSON (\(context.debugDescription))")
        }
        try p.validate(origin: origin)
        return p
    }

    private static func path(_ keys: [CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }

    /// Every overridable figure by its dotted JSON path.
    static var paths: [String: WritableKeyPath<TimingParameters, SourcedValue>] { [
        "clock_hz": \.clockHz,
        "scalar.issue_cycles": \.scalar.issueCycles, "scalar.sync_cycles": \.scalar.syncCycles,
        "scalar.pipe_queue_depth": \.scalar.pipeQueueDepth,
        "sync.flag_latency_cycles": \.sync.flagLatencyCycles, "sync.cross_core_latency_ns": \.sync.crossCoreLatencyNs,
        "cube.cycles_per_fractal": \.cube.cyclesPerFractal, "cube.head_cycles": \.cube.headCycles,
        "dma.gm_to_l1": \.dma.gmToL1, "dma.gm_to_ub": \.dma.gmToUb, "dma.ub_to_gm": \.dma.ubToGm,
        "dma.l1_to_gm": \.dma.l1ToGm, "dma.l0c_to_gm": \.dma.l0cToGm, "dma.l0c_to_l1": \.dma.l0cToL1,
        "dma.l1_to_l0a": \.dma.l1ToL0A, "dma.l1_to_l0b": \.dma.l1ToL0B, "dma.ub_to_ub": \.dma.ubToUb,
        "dma.l2_hit_latency_cycles": \.dma.l2HitLatencyCycles, "dma.hbm_miss_extra_cycles": \.dma.hbmMissExtraCycles,
        "hbm.bandwidth": \.hbm.bandwidth,
        "runtime.orchestration_us_per_task": \.runtime.orchestrationUsPerTask, "runtime.dispatch_ns": \.runtime.dispatchNs,
        "runtime.core_start_us": \.runtime.coreStartUs, "runtime.completion_ns": \.runtime.completionNs,
        "runtime_model.scheduler_threads": \.runtimeModel.schedulerThreads,
        "runtime_model.orch_start_after_sched_ns": \.runtimeModel.orchStartAfterSchedNs,
        "runtime_model.orch_fixed_ns": \.runtimeModel.orchFixedNs, "runtime_model.submit_ns": \.runtimeModel.submitNs,
        "runtime_model.user_code_ns": \.runtimeModel.userCodeNs,
        "runtime_model.param_copy_arg_ns": \.runtimeModel.paramCopyArgNs,
        "runtime_model.scope_end_task_ns": \.runtimeModel.scopeEndTaskNs,
        "runtime_model.tensormap_lookup_ns": \.runtimeModel.tensormapLookupNs,
        "runtime_model.tensormap_insert_ns": \.runtimeModel.tensormapInsertNs,
        "runtime_model.dep_edge_ns": \.runtimeModel.depEdgeNs, "runtime_model.heap_alloc_ns": \.runtimeModel.heapAllocNs,
        "runtime_model.scope_begin_ns": \.runtimeModel.scopeBeginNs, "runtime_model.scope_end_ns": \.runtimeModel.scopeEndNs,
        "runtime_model.sched_dispatch_ns": \.runtimeModel.schedDispatchNs,
        "runtime_model.sched_complete_ns": \.runtimeModel.schedCompleteNs,
        "runtime_model.warm_start_ns": \.runtimeModel.warmStartNs,
    ] }

    /// These parameters with the calibrated overrides in place of the public figures.
    public func applyingCalibration() throws -> TimingParameters { try applying(calibrated, suffix: "calibrated") }

    /// These parameters with `section`'s overrides in place of the public figures, named `name (suffix)`.
    func applying(_ section: Calibrated, suffix: String) throws -> TimingParameters {
        var p = self
        for (key, value) in section.overrides.sorted(by: { $0.key < $1.key }) {
            guard let path = Self.paths[key] else {
                throw TimingParametersError("\(suffix) override '\(key)': no such parameter "
                    + "(known: \(Self.paths.keys.sorted().joined(separator: ", ")))")
            }
            p[keyPath: path] = value
        }
        p.name += " (\(suffix))"
        try p.validate(origin: "\(suffix) overrides")
        return p
    }

    /// Checks every figure is finite and in range.
    func validate(origin: String) throws {
        for (key, path) in Self.paths.sorted(by: { $0.key < $1.key }) {
            let v = self[keyPath: path].value
            guard v.isFinite, v >= 0 else { throw TimingParametersError("\(origin): \(key) must be a finite value >= 0, got \(v)") }
        }
        let positive: [(String, Double)] = [
            ("clock_hz", clockHz.value), ("hbm.bandwidth", hbm.bandwidth.value),
            ("dma.gm_to_l1", dma.gmToL1.value), ("dma.gm_to_ub", dma.gmToUb.value), ("dma.ub_to_gm", dma.ubToGm.value),
            ("dma.l1_to_gm", dma.l1ToGm.value), ("dma.l0c_to_gm", dma.l0cToGm.value), ("dma.l0c_to_l1", dma.l0cToL1.value),
            ("dma.l1_to_l0a", dma.l1ToL0A.value), ("dma.l1_to_l0b", dma.l1ToL0B.value), ("dma.ub_to_ub", dma.ubToUb.value),
        ]
        for (key, v) in positive where v <= 0 {
            throw TimingParametersError("\(origin): \(key) must be positive, got \(v)")
        }
        for case let (section, size?) in [("dma.size_fit", dma.sizeFit), ("pto_isa_fitted_dma", ptoIsaFittedDma)] {
            let paths: [(String, HillFit?)] = [("gm_to_l1", size.gmToL1), ("gm_to_ub", size.gmToUb),
                                               ("ub_to_gm", size.ubToGm), ("l0c_to_gm", size.l0cToGm)]
            for case let (key, fit?) in paths where !(fit.peakGibs.isFinite && fit.peakGibs > 0
                                                     && fit.kBytes.isFinite && fit.kBytes >= 0) {
                throw TimingParametersError("\(origin): \(section).\(key) needs a finite peak_gibs > 0 and "
                                            + "k_bytes >= 0, got \(fit.peakGibs) and \(fit.kBytes)")
            }
        }
        for fit in vector.fits where !(fit.slope.isFinite && fit.bias.isFinite && fit.slope >= 0 && fit.bias >= 0) {
            throw TimingParametersError("\(origin): vector fit \(fit.op) cols \(fit.cols) needs finite slope and bias >= 0")
        }
        let r = randomSchedule
        let schedule = [r.computeSpread, r.dmaSpread, r.dmaStallProbability, r.dmaStallMeanCycles,
                        r.completionDelayProbability, r.dmaCompletionDelayMeanCycles,
                        r.computeCompletionDelayMeanCycles].map(\.value)
        guard schedule.allSatisfy({ $0.isFinite && $0 >= 0 }), r.computeSpread.value >= 1, r.dmaSpread.value >= 1,
              r.dmaStallProbability.value <= 1, r.completionDelayProbability.value <= 1 else {
            throw TimingParametersError("\(origin): random_schedule needs spreads >= 1, probabilities in [0, 1] and "
                                        + "finite means >= 0")
        }
    }
}
