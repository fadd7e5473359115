import Foundation
import PTONumerics

/// The emulated tensormap_and_ringbuffer runtime (simpler's PTO2) on a simulated a2a3 chip: it runs an orchestration
/// function, discovers dependencies through the TensorMap, allocates task slots, output buffers and dependency
/// entries from per-depth rings with back-pressure, and dispatches SPMD blocks to simulated AIC/AIV cores executed by
/// a pool of host threads.
///
/// A `Runtime` can run many orchestrations one after another; each run starts with empty rings (like one launch on
/// the device). Per-cluster state kept by cluster-block hooks (`PerClusterState`) survives between runs. Runs started
/// from several threads at once take turns, so one simulated cluster never serves two runs at the same time.
public final class Runtime: Sendable {
    /// Chip shape, host threads and ring sizes.
    public let config: RuntimeConfig
    /// Kernel bodies and cluster-block hooks.
    public let kernels: KernelRegistry
    private let runLock = NSLock()

    /// A runtime over `config` running `kernels`.
    public init(config: RuntimeConfig = RuntimeConfig(), kernels: KernelRegistry) throws {
        try config.validate()
        self.config = config
        self.kernels = kernels
    }

    /// Runs `orchestration` (simpler's `aicpu_orchestration_entry`, wrapped in the executor's outer scope) and waits
    /// until every task it submitted has completed.
    ///
    /// Throws the first `RuntimeError` raised by a submit, a scope, a ring or a kernel body, or the orchestration's own
    /// error. Blocks already executing when an error occurs are allowed to finish; nothing new is dispatched.
    @discardableResult
    public func run(_ orchestration: (Orchestrator) throws -> Void) throws -> RunReport {
        runLock.lock()
        defer { runLock.unlock() }
        // One BLAS thread per call: PTOSim's parallelism is the host threads running clusters side by side.
        Matmul.setBLASThreads(1)
        let engine = Engine(config: config, kernels: kernels)
        engine.startWorkers()
        let orchestrator = Orchestrator(engine: engine)
        var failure: Error?
        do {
            try orchestration(orchestrator)
            try orchestrator.finish()
        } catch {
            failure = error
            _ = engine.locked {
                engine.fail((error as? RuntimeError) ?? .orchestrationFailed(String(describing: error)))
            }
        }
        let orchestrationSeconds = engine.now()
        engine.drain()
        engine.stopWorkers()
        // An orchestrator kept past its run must not feed an engine whose workers are gone.
        let fatal = engine.locked { () -> RuntimeError? in
            defer { engine.fail(.orchestrationFailed("the orchestrator was used after Runtime.run returned")) }
            return engine.fatal
        }
        // A failed run leaves producer <-> consumer edges (fanout / retained) of unfinished tasks in place: a cycle
        // that would keep the task graph and its buffers alive for good (LeakSanitizer reports it).
        engine.locked { engine.releaseEdges() }
        if let failure { throw failure }
        if let fatal { throw fatal }
        return engine.report(orchestrationSeconds: orchestrationSeconds)
    }
}
