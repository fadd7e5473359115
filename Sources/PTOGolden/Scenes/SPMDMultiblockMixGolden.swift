/// `test_spmd_multiblock_mix.py`'s tasks: MIX tasks of 2, 8, 12, 24 and 48 blocks from cache lines 0, 6, 30,
/// 66 and 138 (282 lines).
public enum SPMDMultiblockMixGolden {
    /// The test's task table.
    public static let tasks: [SPMDCacheLineGolden.Task] =
        [(2, 0), (8, 6), (12, 30), (24, 66), (48, 138)]
        .map { .init($0.0, $0.1, .mix) }
}
