import PTOCore

/// Issues the unroll kernels' syncs under their stable labels, leaving out every site of a label the run drops
/// (`--drop-sync`): a set and the wait it pairs with share one label, so dropping it removes the event, never half of
/// it.
public struct UnrollSyncs: Sendable {
    /// Labels whose sites issue nothing.
    public let dropped: Set<String>

    public init(dropped: Set<String> = []) { self.dropped = dropped }

    @inline(__always)
    func keeps(_ label: StaticString) -> Bool {
        dropped.isEmpty || !dropped.contains(label.description)
    }

    /// A back-to-back set_flag/wait_flag pair.
    func pair(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString, _ detail: Int = -1) {
        guard keeps(label) else { return }
        core.setFlag(src, dst, id, label: label, detail: detail)
        core.waitFlag(src, dst, id, label: label, detail: detail)
    }

    func set(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString, _ detail: Int = -1) {
        guard keeps(label) else { return }
        core.setFlag(src, dst, id, label: label, detail: detail)
    }

    func wait(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString, _ detail: Int = -1) {
        guard keeps(label) else { return }
        core.waitFlag(src, dst, id, label: label, detail: detail)
    }

    func barrier(_ core: CoreIssuer, _ pipe: BarrierPipe, _ label: StaticString, _ detail: Int = -1) {
        guard keeps(label) else { return }
        core.pipeBarrier(pipe, label: label, detail: detail)
    }
}
