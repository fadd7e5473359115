import PTOCore

/// The unroll kernels' sync idioms under their stable labels. A set and the wait it pairs with share one label, so a
/// run that drops the label (`--drop-sync`, applied by the launch to every core) removes the event whole.
enum UnrollSyncs {
    /// A back-to-back set_flag/wait_flag pair.
    static func pair(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString, _ detail: Int = -1) {
        core.setFlag(src, dst, id, label: label, detail: detail)
        core.waitFlag(src, dst, id, label: label, detail: detail)
    }

    static func set(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString, _ detail: Int = -1) {
        core.setFlag(src, dst, id, label: label, detail: detail)
    }

    static func wait(_ core: CoreIssuer, _ src: Pipe, _ dst: Pipe, _ id: Int, _ label: StaticString, _ detail: Int = -1) {
        core.waitFlag(src, dst, id, label: label, detail: detail)
    }

    static func barrier(_ core: CoreIssuer, _ pipe: BarrierPipe, _ label: StaticString, _ detail: Int = -1) {
        core.pipeBarrier(pipe, label: label, detail: detail)
    }
}
