/// `test_spmd_sync_start_edge.py`'s tasks: MIX tasks of 1, 8, 9, 23 and 1 blocks from cache lines 0, 3, 27, 54
/// and 123 (126 lines).
public enum SPMDSyncStartEdgeGolden {
    /// The test's task table.
    public static let tasks: [SPMDCacheLineGolden.Task] =
        [(1, 0), (8, 3), (9, 27), (23, 54), (1, 123)]
        .map { .init($0.0, $0.1, .mix) }
}
