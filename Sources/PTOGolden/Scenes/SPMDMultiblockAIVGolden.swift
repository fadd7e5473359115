/// `test_spmd_multiblock_aiv.py`'s tasks: AIV tasks of 4, 16, 24, 48 and 96 blocks from cache lines 0, 4, 20,
/// 44 and 92 (188 lines).
public enum SPMDMultiblockAIVGolden {
    /// The test's task table.
    public static let tasks: [SPMDCacheLineGolden.Task] =
        [(4, 0), (16, 4), (24, 20), (48, 44), (96, 92)]
        .map { .init($0.0, $0.1, .aiv) }
}
