import PTOCore
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
    public static func run(_ inputs: PagedAttentionInputs, options: PagedAttentionRunOptions = .init()) throws
        -> PagedAttentionRunResult
    {
        let start = monotonicSeconds()
        let p = inputs.params
        let cfg = PAConfig.forHeads(p.numHeads)
        let gm = GlobalMemory()
        let out = Tensor(dtype: .f32, shape: [p.batch, p.numHeads, p.headDim])
        let hw = PAConfig.hardwareBlocks
        let qLoop = p.numHeads / cfg.qTile
        let args = PagedAttentionArgs(
            query: gm.register(inputs.query, name: "query"),
            keyCache: gm.register(inputs.keyCache, name: "key_cache"),
            valueCache: gm.register(inputs.valueCache, name: "value_cache"),
            out: gm.register(out, name: "out"),
            sijFifo: gm.allocate(bytes: hw * PAConfig.sijHardwareStride, name: "sij_fifo"),
            pijFifo: gm.allocate(bytes: hw * PAConfig.pijHardwareStride, name: "pij_fifo"),
            oiFifo: gm.allocate(bytes: hw * PAConfig.oiHardwareStride, name: "oi_fifo"),
            blockTable: UnsafePointer(inputs.blockTable.i32), contextLens: UnsafePointer(inputs.contextLens.i32),
            scale: inputs.scale, numHeads: p.numHeads, blockSize: p.blockSize,
            maxBlocksPerRequest: inputs.blockTable.shape.last ?? 0, qLoop: qLoop,
            totalLogicalBlocks: p.batch * qLoop, config: cfg)
        let setup = monotonicSeconds() - start
        let clusterCount = max(1, options.clusters)
        let clusters = (0..<clusterCount).map { Cluster(index: $0, gm: gm) }
        let box = ResultBox(hardwareBlocks: hw)
        let plan = options.plan, factory = options.sinkFactory, collect = options.collectFaults
        // Blocks beyond the cluster count run in waves on the same cluster, in block order, as the runtime
        // dispatches them; different clusters run in parallel on host threads.
        let work = UnsafeSendable(clusters)
        Parallel.forEach(clusterCount, workers: options.threads) { c, _ in
            let cluster = work.value[c]
            var block = c
            while block < hw {
                var aic = PagedAttentionCube(args: args, plan: plan, hardwareBlock: block, hardwareBlockCount: hw)
                var aiv0 = PagedAttentionVector(args: args, plan: plan, lane: 0, hardwareBlock: block,
                                                hardwareBlockCount: hw)
                var aiv1 = PagedAttentionVector(args: args, plan: plan, lane: 1, hardwareBlock: block,
                                                hardwareBlockCount: hw)
                do {
                    try cluster.run(aic: &aic, aiv0: &aiv0, aiv1: &aiv1, sink: factory?(block))
                } catch {
                    let fault = error as? CoreFault ?? .invalidInstruction("\(error)")
                    if let collect {
                        // The faulted block's cluster is left in an undefined state: start it afresh.
                        collect(block, fault)
                        cluster.resetSyncState()
                    } else {
                        box.fail(block, fault)
                        return
                    }
                }
                box.warn(cluster.warnings)
                block += clusterCount
            }
        }
        if let (block, fault) = box.firstFault { throw KernelFault(hardwareBlock: block, fault: fault) }
        return PagedAttentionRunResult(out: out, warnings: box.warnings, emulationSeconds: monotonicSeconds() - start,
                                       setupSeconds: setup)
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

/// Thread-safe collection of per-block outcomes.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLockLike()
    private var faults: [(Int, CoreFault)] = []
    private(set) var warnings: [SyncWarning] = []
    init(hardwareBlocks: Int) {}
    func fail(_ block: Int, _ fault: CoreFault) { lock.locked { faults.append((block, fault)) } }
    /// Merges warnings across clusters: the same pattern (ignoring instruction indices) is one warning whose count
    /// adds up.
    func warn(_ w: [SyncWarning]) {
        lock.locked {
            for x in w {
                let key = Self.key(x)
                if let i = warnings.firstIndex(where: { Self.key($0) == key }) {
                    warnings[i].count += x.count
                } else {
                    warnings.append(x)
                }
            }
        }
    }

    /// The warning's text without `#<index>` instruction positions.
    static func key(_ w: SyncWarning) -> String {
        var out = "", skipping = false
        for ch in w.message {
            if ch == "#" { skipping = true; continue }
            if skipping { if ch.isNumber { continue }; skipping = false }
            out.append(ch)
        }
        return w.kind.rawValue + out
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
