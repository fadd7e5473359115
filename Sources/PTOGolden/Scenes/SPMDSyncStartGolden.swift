/// `test_spmd_sync_start.py`'s tasks: MIX tasks of 2, 8, 2 and 12 blocks from cache lines 0, 6, 30 and 36 (72
/// lines).
public enum SPMDSyncStartGolden {
    /// The test's task table.
    public static let tasks: [SPMDCacheLineGolden.Task] =
        [(2, 0), (8, 6), (2, 30), (12, 36)]
        .map { .init($0.0, $0.1, .mix) }
}
