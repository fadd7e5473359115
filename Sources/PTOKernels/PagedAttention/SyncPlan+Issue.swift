import PTOCore

/// Issuing the kernel's syncs through a plan: a dropped label issues nothing at any of its sites.
extension SyncPlan {
    /// A back-to-back set/wait pair.
    @inline(__always)
    func pair(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString) {
        guard keeps(label) else { return }
        core.setFlag(src, dst, id, label: label)
        core.waitFlag(src, dst, id, label: label)
    }

    @inline(__always)
    func set(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString) {
        guard keeps(label) else { return }
        core.setFlag(src, dst, id, label: label)
    }

    @inline(__always)
    func wait(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString) {
        guard keeps(label) else { return }
        core.waitFlag(src, dst, id, label: label)
    }

    @inline(__always)
    func barrier(_ core: CoreIssuer, _ pipe: Pipe, _ label: StaticString) {
        guard keeps(label) else { return }
        core.pipeBarrier(.pipe(pipe), label: label)
    }
}
