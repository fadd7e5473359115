import PTORuntime

/// `spmd_multiblock_aiv_orch.cpp`: five AIV tasks of the block writer with 4, 16, 24, 48 and 96 blocks — from a few
/// blocks, through one scheduler thread's AIV cores and the cross-thread re-push, to every AIV core and two full
/// rounds of them — each writing its own run of cache lines.
public enum SPMDMultiblockAIVOrchestration {
    /// func_id of the AIV block writer.
    public static let writer = 0

    /// Submits the five tasks; `output` is tensor argument 0.
    public static func run(_ orch: Orchestrator, output: ChipTensor) throws {
        for (blockNum, baseCL) in [(4, 0), (16, 4), (24, 20), (48, 44), (96, 92)] {
            try SPMDSubmit.aiv(orch, writer, output: output, blockNum: blockNum, baseCL: baseCL)
        }
    }
}
