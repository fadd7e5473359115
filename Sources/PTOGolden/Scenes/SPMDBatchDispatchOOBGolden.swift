/// `test_spmd_batch_dispatch_oob.py`'s tasks: two MIX tasks of 48 blocks from cache lines 0 and 144 (288
/// lines).
public enum SPMDBatchDispatchOOBGolden {
    /// The test's task table.
    public static let tasks: [SPMDCacheLineGolden.Task] =
        [.init(48, 0, .mix), .init(48, 144, .mix)]
}
