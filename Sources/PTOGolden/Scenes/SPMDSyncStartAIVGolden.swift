/// `test_spmd_sync_start_aiv.py`'s tasks: AIV tasks of 4, 16, 4 and 24 blocks from cache lines 0, 4, 20 and 24
/// (48 lines).
public enum SPMDSyncStartAIVGolden {
    /// The test's task table.
    public static let tasks: [SPMDCacheLineGolden.Task] =
        [(4, 0), (16, 4), (4, 20), (24, 24)]
        .map { .init($0.0, $0.1, .aiv) }
}
