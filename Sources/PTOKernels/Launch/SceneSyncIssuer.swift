import PTOCore

/// Issues a scene kernel's syncs in the shapes its .cpp writes them (a set/wait pair under one label, simpler's
/// `pipe_sync()`). Every sync is issued: the run's `--drop-sync` edits are applied by the launch's cores
/// (`LaunchSyncs`), which also record the catalogue `check --list-syncs` prints, so a dropped label issues nothing
/// at any of its sites whichever kernel issues it.
public struct SceneSyncIssuer: Sendable {
    public init() {}

    /// `set_flag(src, dst, id)`.
    public func set(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString, _ detail: Int = -1) {
        core.setFlag(src, dst, id, label: label, detail: detail)
    }

    /// `wait_flag(src, dst, id)`.
    public func wait(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString, _ detail: Int = -1) {
        core.waitFlag(src, dst, id, label: label, detail: detail)
    }

    /// A set immediately followed by its wait.
    public func pair(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString, _ detail: Int = -1) {
        core.setFlag(src, dst, id, label: label, detail: detail)
        core.waitFlag(src, dst, id, label: label, detail: detail)
    }

    /// `pipe_barrier(pipe)`.
    public func barrier(_ core: CoreIssuer, _ pipe: BarrierPipe, _ label: StaticString, _ detail: Int = -1) {
        core.pipeBarrier(pipe, label: label, detail: detail)
    }

    /// simpler's `pipe_sync()` at a kernel's end: MTE3→S (AIV) or FIX→S (AIC) on event 7, draining the stores.
    public func pipeSync(_ core: CoreIssuer, _ label: StaticString, _ detail: Int = -1) {
        pair(core, core.kind == .aic ? .fix : .mte3, .s, 7, label, detail)
    }
}
