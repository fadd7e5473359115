/// The three figures of simpler's on-board Performance Summary, modeled: Elapsed, Sched and Orch (µs).
///
/// The runtime around the kernel is modeled as simpler's tensormap_and_ringbuffer runtime behaves on a2a3: the
/// orchestrator (an AICPU thread) builds the task graph while the scheduler threads already poll; a task is
/// published when its submit returns; its blocks reach their AICores `dispatch_ns` later and start their kernel
/// after the cold-start head overhead `core_start_us`; the scheduler sees each finished core `completion_ns` after
/// its last instruction. So
///
/// - Orch  = tasks × `orchestration_us_per_task`;
/// - a cluster's first block starts at Orch + dispatch + core start; a later block on the same cluster starts
///   completion + dispatch + core start after the previous one ends;
/// - Sched = Elapsed = the last block's end + completion (the scheduler window spans the orchestration).
public struct ModeledTimes: Sendable, Equatable {
    public var elapsedMicros: Double
    public var schedMicros: Double
    public var orchMicros: Double
    /// The kernel window alone: first block start to last block end.
    public var kernelMicros: Double

    /// Figures given directly (the runtime timed model computes them from its threads' stamps).
    public init(elapsedMicros: Double, schedMicros: Double, orchMicros: Double, kernelMicros: Double) {
        self.elapsedMicros = elapsedMicros
        self.schedMicros = schedMicros
        self.orchMicros = orchMicros
        self.kernelMicros = kernelMicros
    }

    /// Cycle at which each cluster's first block starts, for a launch that submits `tasks` tasks.
    public static func firstBlockStartCycles(_ p: TimingParameters, tasks: Int = 1) -> Double {
        let us = Double(tasks) * p.runtime.orchestrationUsPerTask.value + p.runtime.dispatchNs.value / 1000
            + p.runtime.coreStartUs.value
        return p.cycles(nanoseconds: us * 1000)
    }

    /// Cycles between one block ending on a cluster and the next block on it starting.
    public static func betweenBlocksCycles(_ p: TimingParameters) -> Double {
        p.cycles(nanoseconds: p.runtime.completionNs.value + p.runtime.dispatchNs.value + p.runtime.coreStartUs.value * 1000)
    }

    /// The Performance Summary figures of a timed run started at `firstBlockStartCycles(p, tasks:)`.
    public init(run: TimedRun, parameters p: TimingParameters, tasks: Int = 1) {
        orchMicros = Double(tasks) * p.runtime.orchestrationUsPerTask.value
        let end = run.microseconds(run.endCycles) + p.runtime.completionNs.value / 1000
        elapsedMicros = max(end, orchMicros)
        schedMicros = elapsedMicros
        kernelMicros = run.microseconds(run.kernelCycles)
    }
}
