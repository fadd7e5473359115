/// `test_spmd_sync_start_stress.py`'s tasks: six rounds of four 4-block MIX tasks, two 12-block MIX tasks, two 8-block
/// AIV tasks and one 4-block AIV task, laid end to end from cache line 0 (54 tasks, 840 lines).
public enum SPMDSyncStartStressGolden {
    /// The test's task table, built as the test builds it.
    public static let tasks: [SPMDCacheLineGolden.Task] = {
        var tasks: [SPMDCacheLineGolden.Task] = []
        var line = 0
        func add(_ blockNum: Int, _ shape: SPMDCacheLineGolden.Shape, times: Int) {
            for _ in 0..<times {
                tasks.append(.init(blockNum, line, shape))
                line += blockNum * shape.slots
            }
        }
        for _ in 0..<6 {
            add(4, .mix, times: 4)
            add(12, .mix, times: 2)
            add(8, .aiv, times: 2)
            add(4, .aiv, times: 1)
        }
        return tasks
    }()
}
