import PTOCore
import PTOCases
import PTONumerics

/// What a timed run of the kernel produced: the output as the modeled schedule computed it, the modeled timing, and
/// the chip that holds the timeline (for traces).
public struct PagedAttentionTimedResult: @unchecked Sendable {
    /// The kernel's `out`, every effect having run at its modeled time.
    public var out: Tensor
    public var run: TimedRun
    /// Elapsed / Sched / Orch as simpler's on-board report gives them, modeled.
    public var modeled: ModeledTimes
    public var chip: TimedChip
    /// Host wall time of the capture pass and of the simulation, seconds.
    public var captureSeconds: Double
    public var simulationSeconds: Double
}

extension PagedAttentionKernel {
    /// Runs the kernel in the timed mode: the runtime dispatches the MixedKernels task as usual, each hardware block's
    /// three programs are captured on their cluster, then the whole die is simulated on one time axis with
    /// `timing`'s cost model and schedule, every effect running at its modeled time.
    public static func runTimed(_ inputs: PagedAttentionInputs, options: PagedAttentionRunOptions = .init(),
                                timing: TimedChip.Options) throws -> PagedAttentionTimedResult {
        let chip = TimedChip(options: timing)
        let t0 = monotonicSeconds()
        let captured = try launch(inputs, options: options, mode: .timed(chip)).result
        let t1 = monotonicSeconds()
        let p = timing.parameters
        let run = chip.simulate(startCycles: ModeledTimes.firstBlockStartCycles(p, tasks: 1),
                                betweenBlocksCycles: ModeledTimes.betweenBlocksCycles(p))
        let t2 = monotonicSeconds()
        return PagedAttentionTimedResult(out: captured.out, run: run, modeled: ModeledTimes(run: run, parameters: p),
                                         chip: chip, captureSeconds: t1 - t0, simulationSeconds: t2 - t1)
    }
}


extension PagedAttentionKernel {
    /// Which logical block (one request's q-tile, a unit of the SPMD stride loop) each instruction of a hardware
    /// block's timeline belongs to: per core, one logical block index per entry. The AIC starts a logical block at
    /// its `aic.tload-q` and skips requests without context; an AIV starts one at its first `aiv.sf.tpop-sij` wait
    /// (KV index 0) or its zero fill. The exit drains count with the last logical block.
    public static func logicalBlocks(of block: TimelineBlock, hardwareBlockCount: Int,
                                     params: PagedAttentionParams) -> [[Int]] {
        let qLoop = params.qLoop
        let stride = Array(stride(from: block.hardwareBlock, to: params.logicalBlocks, by: max(1, hardwareBlockCount)))
        let withWork = stride.filter { params.blocksUsed(contextLen: params.contextLens[$0 / qLoop]) > 0 }
        return block.cores.enumerated().map { c, entries in
            let ids = c == 0 ? withWork : stride
            var k = -1
            return entries.map { e in
                let label = e.record.label.description
                let starts = c == 0 ? label == "aic.tload-q"
                    : (label == "aiv.sf.tpop-sij" && e.record.detail == 0 && e.record.op == .tpopWait)
                        || label == "aiv.zero.texpands"
                if starts { k += 1 }
                return ids.isEmpty ? -1 : ids[min(max(k, 0), ids.count - 1)]
            }
        }
    }
}
