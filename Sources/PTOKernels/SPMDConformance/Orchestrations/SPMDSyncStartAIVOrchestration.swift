import PTORuntime

/// `spmd_sync_start_aiv_orch.cpp`: four AIV tasks of the block writer — 4, 16 and 24 blocks that must start
/// together (one thread's idle cores, exactly one thread's AIV cores, more than one thread holds), and a 4-block
/// baseline without the requirement.
public enum SPMDSyncStartAIVOrchestration {
    /// func_id of the AIV block writer.
    public static let writer = 0

    /// Submits the four tasks; `output` is tensor argument 0.
    public static func run(_ orch: Orchestrator, output: ChipTensor) throws {
        for (blockNum, baseCL, sync) in [(4, 0, true), (16, 4, true), (4, 20, false), (24, 24, true)] {
            try SPMDSubmit.aiv(orch, writer, output: output, blockNum: blockNum, baseCL: baseCL, syncStart: sync)
        }
    }
}
