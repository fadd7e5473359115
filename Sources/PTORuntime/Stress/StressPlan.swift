/// A seeded random task graph for exercising the runtime: chains and accumulators updated in place (INOUT), fan-in
/// tasks that combine runtime-allocated temporaries and earlier written slab rows, fan-out through temporaries read
/// by many tasks, slab rows written once through OUTPUT_EXISTING, SPMD widths of 1–4 on AIC, AIV and MIX, and nested
/// scopes of bounded size.
///
/// The plan is data: the runner replays it through the runtime and, separately, serially on the host (the reference
/// result) and through a row-level last-writer table (the expected producers of each task). No region is ever
/// written after a task read it without an ordering edge, because the runtime does not track write-after-read.
public struct StressPlan: Sendable {
    /// Floats per row: every temporary is one row (4 KiB, four 1 KiB heap units).
    public static let rowFloats = 1024
    /// Rows of the accumulator buffer.
    public static let accumulatorRows = 16

    /// What one task computes (see `StressKernels` for the arithmetic).
    public enum Op: Int, Sendable, CaseIterable {
        /// A fresh temporary (OUTPUT create-info).
        case produce
        /// acc rows = acc rows · 0.5 + k (INOUT), a chain on those rows.
        case chain
        /// acc rows += temporary · 0.25 (INPUT + INOUT), an accumulator.
        case accumulate
        /// A fresh temporary = 0.5 · Σ inputs + k, the inputs being temporaries and slab rows (fan-in).
        case fanIn
        /// Fresh slab rows = temporary − k (INPUT + OUTPUT_EXISTING), read later through the TensorMap.
        case writeSlab
    }

    /// One tensor argument of a planned task.
    public enum Operand: Sendable, Equatable {
        /// The temporary produced by planned task `task`.
        case temporary(task: Int)
        /// Accumulator rows.
        case accumulator(rows: Range<Int>)
        /// Slab rows.
        case slab(rows: Range<Int>)
    }

    /// One planned task.
    public struct Task: Sendable {
        public var op: Op
        public var inputs: [Operand]
        /// Accumulator or slab rows written in place (chain, accumulate, writeSlab).
        public var target: Operand?
        public var constant: Float
        public var shape: ResourceShape
        public var blockNum: Int
        public var syncStart: Bool
        /// Earlier planned tasks this one names as explicit dependencies.
        public var explicitDependencies: [Int]
        /// Scope depth it is submitted at.
        public var depth: Int
        /// Host microseconds each block sleeps before computing, so producers are still running when their consumers
        /// are submitted and dispatched (0 for most tasks).
        public var delayMicros: Int
    }

    /// A step of the orchestration.
    public enum Step: Sendable {
        case beginScope
        case endScope
        case task(Task)
    }

    /// The steps in orchestration order.
    public let steps: [Step]
    /// Slab rows the plan writes.
    public let slabRows: Int

    /// The planned tasks in submit order.
    public var tasks: [Task] {
        steps.compactMap { if case let .task(t) = $0 { return t } else { return nil } }
    }
}
