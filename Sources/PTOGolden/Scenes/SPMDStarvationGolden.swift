/// `test_spmd_starvation.py`'s tasks: three waves of six 4-block MIX tasks with a 6-block MIX task after the first
/// and the second wave, laid end to end from cache line 0 (20 tasks, 252 lines).
public enum SPMDStarvationGolden {
    /// The test's task table, built as the test builds it.
    public static let tasks: [SPMDCacheLineGolden.Task] = {
        var tasks: [SPMDCacheLineGolden.Task] = []
        var line = 0
        for wave in 0..<3 {
            for _ in 0..<6 {
                tasks.append(.init(4, line, .mix))
                line += 4 * 3
            }
            if wave < 2 {
                tasks.append(.init(6, line, .mix))
                line += 6 * 3
            }
        }
        return tasks
    }()
}
