import PTOCore

/// Issuing the kernel's syncs. Dropping a label is the launch's business (`LaunchSyncs`, applied by the core's
/// issuer), so the kernel issues every sync its source has.
extension SyncPlan {
    /// A back-to-back set/wait pair.
    @inline(__always)
    func pair(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString) {
        core.setFlag(src, dst, id, label: label)
        core.waitFlag(src, dst, id, label: label)
    }

    @inline(__always)
    func set(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString) {
        core.setFlag(src, dst, id, label: label)
    }

    @inline(__always)
    func wait(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString) {
        core.waitFlag(src, dst, id, label: label)
    }

    @inline(__always)
    func barrier(_ core: CoreIssuer, _ pipe: Pipe, _ label: StaticString) {
        core.pipeBarrier(.pipe(pipe), label: label)
    }
}
