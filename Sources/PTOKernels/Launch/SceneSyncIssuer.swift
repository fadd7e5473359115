import PTOCore

/// Issues a scene kernel's syncs with the run's `--drop-sync` edits applied: a dropped label issues nothing at any
/// of its sites (a set/wait pair shares one label, so dropping it removes the pair as a unit). Kernels of the
/// ported scenes issue every set_flag, wait_flag and pipe_barrier of their .cpp through it.
public struct SceneSyncIssuer: Sendable {
    /// Labels to leave out.
    public let dropped: Set<String>

    public init(dropped: Set<String> = []) { self.dropped = dropped }

    @inline(__always) func keeps(_ label: StaticString) -> Bool {
        dropped.isEmpty || !dropped.contains(label.description)
    }

    /// `set_flag(src, dst, id)`.
    public func set(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString, _ detail: Int = -1) {
        if keeps(label) { core.setFlag(src, dst, id, label: label, detail: detail) }
    }

    /// `wait_flag(src, dst, id)`.
    public func wait(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString, _ detail: Int = -1) {
        if keeps(label) { core.waitFlag(src, dst, id, label: label, detail: detail) }
    }

    /// A set immediately followed by its wait.
    public func pair(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString, _ detail: Int = -1) {
        guard keeps(label) else { return }
        core.setFlag(src, dst, id, label: label, detail: detail)
        core.waitFlag(src, dst, id, label: label, detail: detail)
    }

    /// `pipe_barrier(pipe)`.
    public func barrier(_ core: CoreIssuer, _ pipe: BarrierPipe, _ label: StaticString, _ detail: Int = -1) {
        if keeps(label) { core.pipeBarrier(pipe, label: label, detail: detail) }
    }

    /// simpler's `pipe_sync()` at a kernel's end: MTE3→S (AIV) or FIX→S (AIC) on event 7, draining the stores.
    public func pipeSync(_ core: CoreIssuer, _ label: StaticString, _ detail: Int = -1) {
        pair(core, core.kind == .aic ? .fix : .mte3, .s, 7, label, detail)
    }
}
