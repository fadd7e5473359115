import PTOCore
import PTORuntime
import PTOCases
import PTONumerics
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// How to run the emulated kernel.
public struct PagedAttentionRunOptions: Sendable {
    /// Event scheme and sync edits.
    public var plan: SyncPlan
    /// Simulated clusters (24 on a2a3; 8 mimics simpler's a2a3sim).
    public var clusters: Int
    /// Host threads the clusters are spread over.
    public var threads: Int
    /// Makes a record sink per hardware block (the race checker, a trace writer); nil runs the fast path.
    public var sinkFactory: (@Sendable (_ hardwareBlock: Int) -> RecordSink)?
    /// When set, a fault in a hardware block is handed here and the other blocks go on (the checker's mode);
    /// when nil the first fault is thrown.
    public var collectFaults: (@Sendable (_ hardwareBlock: Int, CoreFault) -> Void)?
    /// When set, each block's instruction streams are captured on its cluster instead of run, for the timed mode
    /// (`runTimed`) to schedule afterwards.
    public var timedChip: TimedChip?

    public init(plan: SyncPlan = SyncPlan(), clusters: Int = PAConfig.hardwareBlocks,
                threads: Int = Parallel.defaultWorkers, sinkFactory: (@Sendable (Int) -> RecordSink)? = nil,
                collectFaults: (@Sendable (Int, CoreFault) -> Void)? = nil) {
        self.plan = plan
        self.clusters = clusters
        self.threads = threads
        self.sinkFactory = sinkFactory
        self.collectFaults = collectFaults
    }
}

/// What one emulated run produced.
public struct PagedAttentionRunResult: @unchecked Sendable {
    /// The kernel's `out`: f32 [batch, num_heads, head_dim].
    public var out: Tensor
    /// Risky sync patterns each cluster saw (deduplicated, first occurrence kept).
    public var warnings: [SyncWarning]
    /// Host wall time of the emulation (GM setup, dispatch, all clusters), seconds.
    public var emulationSeconds: Double
    /// The part of it spent before the first block ran (GM registration, FIFO allocation): the orchestration.
    public var setupSeconds: Double
    /// The runtime's scheduler window for the task (first block placed to last block done), seconds.
    public var schedSeconds: Double
    /// Everything the runtime recorded (tasks, blocks, rings).
    public var runtime: RunReport
}

/// A fault inside one hardware block, with the block it happened in.
public struct KernelFault: Error, CustomStringConvertible, Sendable {
    public let hardwareBlock: Int
    public let fault: CoreFault
    public var description: String { "hardware block \(hardwareBlock): \(fault)" }
}

/// Runs simpler's SPMD paged-attention MixedKernels task on emulated a2a3 clusters: registers the inputs in GM,
/// allocates the three GM FIFO rings (24 × slot size × depth 2 each, as the orchestration sizes them), and runs the
/// 24 hardware blocks — each an AIC program and two AIV programs on one cluster — striding over batch × q_loop
/// logical blocks.
public enum PagedAttentionKernel {
    /// simpler's kernel ids for the MixedKernels task (FUNC_PA_AIC, FUNC_PA_AIV on both lanes).
    public static let kernels = MixedKernels(aic: 0, aiv0: 1, aiv1: 1)

    public static func run(_ inputs: PagedAttentionInputs, options: PagedAttentionRunOptions = .init()) throws
        -> PagedAttentionRunResult
    {
        let start = monotonicSeconds()
        let p = inputs.params
        let cfg = PAConfig.forHeads(p.numHeads)
        let out = Tensor(dtype: .f32, shape: [p.batch, p.numHeads, p.headDim])
        let gm = GlobalMemory()
        let clusterCount = max(1, options.clusters)
        let clusters = UnsafeSendable((0..<clusterCount).map { Cluster(index: $0, gm: gm) })
        let box = ResultBox(hardwareBlocks: PAConfig.hardwareBlocks)
        let binder = GMBinder(gm: gm)
        let plan = options.plan, factory = options.sinkFactory, collect = options.collectFaults
        let timedChip = options.timedChip

        var registry = KernelRegistry()
        registry.registerClusterBlock(for: kernels) { block in
            let args = try binder.args(block, config: cfg)
            let cluster = clusters.value[block.cluster]
            let hw = block.blockIdx, count = block.blockNum
            var aic = PagedAttentionCube(args: args, plan: plan, hardwareBlock: hw, hardwareBlockCount: count)
            var aiv0 = PagedAttentionVector(args: args, plan: plan, lane: 0, hardwareBlock: hw, hardwareBlockCount: count)
            var aiv1 = PagedAttentionVector(args: args, plan: plan, lane: 1, hardwareBlock: hw, hardwareBlockCount: count)
            if let timedChip {
                try timedChip.capture(cluster: cluster, hardwareBlock: hw, aic: &aic, aiv0: &aiv0, aiv1: &aiv1)
                return
            }
            do {
                try cluster.run(aic: &aic, aiv0: &aiv0, aiv1: &aiv1, sink: factory?(hw))
                box.warn(cluster.warnings)
            } catch {
                let fault = error as? CoreFault ?? .invalidInstruction("\(error)")
                guard let collect else { box.fail(hw, fault); throw fault }
                // The checker's mode: report, start the cluster afresh, let the other blocks run.
                collect(hw, fault)
                cluster.resetSyncState()
            }
        }
        let runtime = try Runtime(config: RuntimeConfig(clusters: clusterCount, hostThreads: max(1, options.threads)),
                                  kernels: registry)
        let report: RunReport
        do {
            report = try runtime.run { orch in try submit(orch, inputs, out: out, config: cfg) }
        } catch {
            if let (block, fault) = box.firstFault { throw KernelFault(hardwareBlock: block, fault: fault) }
            throw error
        }
        let task = report.tasks.first
        return PagedAttentionRunResult(
            out: out, warnings: box.warnings, emulationSeconds: monotonicSeconds() - start,
            setupSeconds: report.orchestrationSeconds,
            schedSeconds: task.map { $0.host.complete - $0.host.dispatch } ?? 0, runtime: report)
    }

    /// The orchestration (simpler's `aicpu_orchestration_entry`): one MixedKernels task over the inputs, `out` as
    /// INOUT, three runtime-allocated GM FIFO rings (24 × slot size × depth 2 each, sized for q_tile 64 so one
    /// layout serves both configurations) and the scalars, launched on 24 hardware blocks.
    static func submit(_ orch: Orchestrator, _ inputs: PagedAttentionInputs, out: Tensor, config: PAConfig) throws {
        let p = inputs.params
        let rows = p.batch * p.numHeads, kvRows = inputs.numBlocks * p.blockSize
        let query = try ChipTensor(external: inputs.query, name: "query", shape: [rows, p.headDim])
        let key = try ChipTensor(external: inputs.keyCache, name: "key_cache", shape: [kvRows, p.headDim])
        let value = try ChipTensor(external: inputs.valueCache, name: "value_cache", shape: [kvRows, p.headDim])
        let table = try ChipTensor(external: inputs.blockTable, name: "block_table")
        let lens = try ChipTensor(external: inputs.contextLens, name: "context_lens")
        let outT = try ChipTensor(external: out, name: "out", shape: [rows, p.headDim])
        let hw = PAConfig.hardwareBlocks
        func fifo(_ stride: Int, _ name: String) -> TensorCreateInfo {
            TensorCreateInfo(shape: [hw * stride / 4], dtype: .i32, name: name)
        }
        try orch.scope {
            var a = TaskArgs()
            a.addInput(query, key, value, table, lens)
            a.addInout(outT)
            a.addOutput(fifo(PAConfig.sijHardwareStride, "sij_fifo"), fifo(PAConfig.pijHardwareStride, "pij_fifo"),
                        fifo(PAConfig.oiHardwareStride, "oi_fifo"))
            a.addScalar(inputs.scale)
            a.addScalar(p.numHeads)
            a.addScalar(p.headDim)
            a.addScalar(p.blockSize)
            a.addScalar(inputs.blockTable.shape.last ?? 0)
            a.addScalar(p.numHeads / config.qTile)
            a.addScalar(p.batch * (p.numHeads / config.qTile))
            a.addScalar(config.qTile)
            a.launchSpec = LaunchSpec(blockNum: hw)
            _ = try orch.submit(kernels, a)
        }
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

extension GMBinder {
    /// Decodes the task's arguments into the kernel's view of them, as `kernel_entry` does with `args[0..16]`.
    func args(_ block: ClusterBlock, config: PAConfig) throws -> PagedAttentionArgs {
        let t = block.tensors
        guard t.count == 9, block.scalars.count == 8 else {
            throw CoreFault.invalidInstruction("paged attention expects 9 tensors and 8 scalars, got \(t.count) and \(block.scalars.count)")
        }
        func int(_ i: Int) -> Int { Int(Int64(bitPattern: block.scalars[i])) }
        return PagedAttentionArgs(
            query: buffer(t[0]), keyCache: buffer(t[1]), valueCache: buffer(t[2]), out: buffer(t[5]),
            sijFifo: buffer(t[6]), pijFifo: buffer(t[7]), oiFifo: buffer(t[8]),
            blockTable: UnsafePointer(t[3].tensor.i32 + t[3].startOffset),
            contextLens: UnsafePointer(t[4].tensor.i32 + t[4].startOffset),
            scale: Float(bitPattern: UInt32(truncatingIfNeeded: block.scalars[0])), numHeads: int(1),
            blockSize: int(3), maxBlocksPerRequest: int(4), qLoop: int(5), totalLogicalBlocks: int(6),
            config: PAConfig(qTile: int(7)))
    }
}

/// Thread-safe collection of per-block outcomes.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLockLike()
    private var faults: [(Int, CoreFault)] = []
    private(set) var warnings: [SyncWarning] = []
    init(hardwareBlocks: Int) {}
    func fail(_ block: Int, _ fault: CoreFault) { lock.locked { faults.append((block, fault)) } }
    /// Index of each merged warning by its key, so a block's warnings merge in one lookup each.
    private var indexByKey: [String: Int] = [:]

    /// Merges warnings across clusters: the same pattern (ignoring instruction indices) is one warning whose count
    /// adds up.
    func warn(_ w: [SyncWarning]) {
        let keyed = w.map { (SyncWarningPattern.key($0), $0) }  // formatted outside the lock
        lock.locked {
            for (key, x) in keyed {
                if let i = indexByKey[key] {
                    warnings[i].count += x.count
                } else {
                    indexByKey[key] = warnings.count
                    warnings.append(x)
                }
            }
        }
    }

    var firstFault: (Int, CoreFault)? { lock.locked { faults.min { $0.0 < $1.0 } } }
}

/// A plain pthread mutex (Foundation-free).
final class NSLockLike: @unchecked Sendable {
    private var m = pthread_mutex_t()
    init() { pthread_mutex_init(&m, nil) }
    deinit { pthread_mutex_destroy(&m) }
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&m); defer { pthread_mutex_unlock(&m) }
        return try body()
    }
}

/// Hands a non-Sendable value to worker threads that touch disjoint parts of it (one cluster each).
struct UnsafeSendable<T>: @unchecked Sendable { let value: T; init(_ v: T) { value = v } }
