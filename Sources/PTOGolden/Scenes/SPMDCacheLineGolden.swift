import PTONumerics

/// What simpler's SPMD conformance tests expect to find in their output, from the task tables their test files
/// declare (independent of the orchestrations, which state the same tasks in their own words): a fp32 tensor of
/// 16-value cache lines, zero except that every block of every task has written `float(block_idx)` to the first
/// value of each cache line it owns — three consecutive lines per MIX block (AIC, AIV0, AIV1), one per AIV block.
public enum SPMDCacheLineGolden {
    /// fp32 values per 64-byte cache line.
    public static let floatsPerLine = 16

    /// How many cache lines one block of a task writes.
    public enum Shape: Sendable, Equatable {
        /// A MIX block: three lines.
        case mix
        /// An AIV block: one line.
        case aiv

        /// Lines per block.
        public var slots: Int { self == .mix ? 3 : 1 }
    }

    /// One task of a test's table: its block count, first cache line and shape.
    public struct Task: Sendable, Equatable {
        public let blockNum: Int
        public let baseLine: Int
        public let shape: Shape

        public init(_ blockNum: Int, _ baseLine: Int, _ shape: Shape) {
            self.blockNum = blockNum
            self.baseLine = baseLine
            self.shape = shape
        }
    }

    /// Cache lines of the output: the sum of every task's lines (the tests' `TOTAL_CL`).
    public static func totalLines(_ tasks: [Task]) -> Int { tasks.reduce(0) { $0 + $1.blockNum * $1.shape.slots } }

    /// The expected output: zeros (as the test's `generate_args` allocates it) with each block's marks.
    public static func expected(_ tasks: [Task]) -> Tensor {
        let out = Tensor(dtype: .f32, shape: [totalLines(tasks) * floatsPerLine])
        for t in tasks {
            for block in 0..<t.blockNum {
                for slot in 0..<t.shape.slots {
                    out.f32[(t.baseLine + block * t.shape.slots + slot) * floatsPerLine] = Float(block)
                }
            }
        }
        return out
    }
}
