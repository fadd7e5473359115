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
    /// Event scheme, sync edits (dropped labels are applied by the launch's host to every core) and prefetch.
    public var plan: SyncPlan
    /// Simulated clusters (24 on a2a3; 8 mimics simpler's a2a3sim).
    public var clusters: Int
    /// Host threads the clusters are spread over.
    public var threads: Int

    public init(plan: SyncPlan = SyncPlan(), clusters: Int = PAConfig.hardwareBlocks,
                threads: Int = Parallel.defaultWorkers) {
        self.plan = plan
        self.clusters = clusters
        self.threads = threads
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

/// Runs simpler's SPMD paged-attention MixedKernels task on emulated a2a3 clusters through the generic launch
/// (`KernelHost`): the inputs registered in GM, the three GM FIFO rings allocated by the runtime (24 × slot size ×
/// depth 2 each, as the orchestration sizes them), and the 24 hardware blocks — each an AIC program and two AIV
/// programs on one cluster — striding over batch × q_loop logical blocks.
public enum PagedAttentionKernel {
    /// simpler's kernel ids for the MixedKernels task (FUNC_PA_AIC, FUNC_PA_AIV on both lanes).
    public static let kernels = MixedKernels(aic: 0, aiv0: 1, aiv1: 1)

    /// Runs the kernel functionally; the first fault (lowest hardware block) is thrown as a `KernelFault`.
    public static func run(_ inputs: PagedAttentionInputs, options: PagedAttentionRunOptions = .init()) throws
        -> PagedAttentionRunResult
    {
        try launch(inputs, options: options, mode: .functional).result
    }

    /// One launch of the task on a host in `mode`: the host (its outcomes, its sync catalogue) and the result.
    static func launch(_ inputs: PagedAttentionInputs, options: PagedAttentionRunOptions, mode: LaunchMode,
                       recordSyncs: Bool = false) throws -> (host: KernelHost, result: PagedAttentionRunResult) {
        let start = monotonicSeconds()
        let p = inputs.params
        let out = Tensor(dtype: .f32, shape: [p.batch, p.numHeads, p.headDim])
        var plan = options.plan
        let host = KernelHost(clusterCount: options.clusters, mode: mode,
                              syncs: LaunchSyncs(dropped: plan.dropped, recordCatalogue: recordSyncs || !plan.dropped.isEmpty))
        plan.dropped = []
        register(on: host, plan: plan)
        let runtime = try Runtime(config: RuntimeConfig(clusters: host.clusterCount, hostThreads: max(1, options.threads)),
                                  kernels: host.registry)
        let report: RunReport
        do {
            report = try runtime.run { orch in try submit(orch, inputs, out: out, config: PAConfig.forHeads(p.numHeads)) }
        } catch {
            if let first = host.outcomes.blockFaults.min(by: { $0.site.blockIdx < $1.site.blockIdx }) {
                throw KernelFault(hardwareBlock: first.site.blockIdx, fault: first.fault)
            }
            throw error
        }
        if !options.plan.dropped.isEmpty {
            let reached = Set(host.syncCatalogue.map(\.name))
            if let missing = options.plan.dropped.sorted().first(where: { !reached.contains($0) }) {
                throw UnknownSyncLabel(label: missing, hint: "`ptosim check --list-syncs` lists the syncs of the case")
            }
        }
        let task = report.tasks.first
        return (host, PagedAttentionRunResult(
            out: out, warnings: host.outcomes.warnings, emulationSeconds: monotonicSeconds() - start,
            setupSeconds: report.orchestrationSeconds,
            schedSeconds: task.map { $0.host.complete - $0.host.dispatch } ?? 0, runtime: report))
    }

    /// The orchestration over `inputs` (see `submit(_:query:keyCache:valueCache:blockTable:contextLens:out:scale:)`).
    static func submit(_ orch: Orchestrator, _ inputs: PagedAttentionInputs, out: Tensor, config: PAConfig) throws {
        try submit(orch, query: ChipTensor(external: inputs.query, name: "query"),
                   keyCache: ChipTensor(external: inputs.keyCache, name: "key_cache"),
                   valueCache: ChipTensor(external: inputs.valueCache, name: "value_cache"),
                   blockTable: ChipTensor(external: inputs.blockTable, name: "block_table"),
                   contextLens: ChipTensor(external: inputs.contextLens, name: "context_lens"),
                   out: ChipTensor(external: out, name: "out"), scale: inputs.scale)
    }

    /// The orchestration (simpler's `aicpu_orchestration_entry`): reads batch, heads and head_dim from the query's
    /// shape, the block size from the key cache's and the table width from the block table's, then submits one
    /// MixedKernels task over the inputs, `out` as INOUT, three runtime-allocated GM FIFO rings (24 × slot size ×
    /// depth 2 each, sized for q_tile 64 so one layout serves both configurations) and the scalars, launched on 24
    /// hardware blocks.
    public static func submit(_ orch: Orchestrator, query: ChipTensor, keyCache: ChipTensor, valueCache: ChipTensor,
                              blockTable: ChipTensor, contextLens: ChipTensor, out: ChipTensor,
                              scale: Float) throws {
        guard query.rank == 3, keyCache.rank == 4, valueCache.shape == keyCache.shape, blockTable.rank == 2,
              out.shape == query.shape else {
            throw RuntimeError.invalidArguments("paged attention: query [batch, heads, head_dim], caches [blocks, "
                                               + "block_size, kv_heads, head_dim], block_table [batch, n], out like query")
        }
        let batch = query.shape[0], numHeads = query.shape[1], headDim = query.shape[2]
        let blockSize = keyCache.shape[1]
        let config = PAConfig.forHeads(numHeads)
        let rows = batch * numHeads, kvRows = keyCache.shape[0] * blockSize
        let q2 = try query.reshaped([rows, headDim])
        let k2 = try keyCache.reshaped([kvRows, headDim]), v2 = try valueCache.reshaped([kvRows, headDim])
        let o2 = try out.reshaped([rows, headDim])
        let hw = PAConfig.hardwareBlocks
        func fifo(_ stride: Int, _ name: String) -> TensorCreateInfo {
            TensorCreateInfo(shape: [hw * stride / 4], dtype: .i32, name: name)
        }
        try orch.scope {
            var a = TaskArgs()
            a.addInput(q2, k2, v2, blockTable, contextLens)
            a.addInout(o2)
            a.addOutput(fifo(PAConfig.sijHardwareStride, "sij_fifo"), fifo(PAConfig.pijHardwareStride, "pij_fifo"),
                        fifo(PAConfig.oiHardwareStride, "oi_fifo"))
            a.addScalar(scale)
            a.addScalar(numHeads)
            a.addScalar(headDim)
            a.addScalar(blockSize)
            a.addScalar(blockTable.shape.last ?? 0)
            a.addScalar(numHeads / config.qTile)
            a.addScalar(batch * (numHeads / config.qTile))
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
