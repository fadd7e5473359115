/// The two sync shapes kernel sources spell as one line, issued as the instructions they expand to.
extension CoreIssuer {
    /// `set_flag(src, dst, id)` immediately followed by `wait_flag(src, dst, id)` under one label: `dst` waits here
    /// for everything `src` has issued so far.
    public func setWaitFlag(_ src: Pipe, _ dst: Pipe, _ id: Int, label: StaticString = "", detail: Int = -1) {
        setFlag(src, dst, id, label: label, detail: detail)
        waitFlag(src, dst, id, label: label, detail: detail)
    }

    /// simpler's `pipe_sync()` at a kernel's end: the store pipe (FIX on an AIC, MTE3 on an AIV) to the scalar unit on
    /// event 7, so the kernel returns only after its stores have drained.
    public func pipeSync(label: StaticString = "", detail: Int = -1) {
        setWaitFlag(kind == .aic ? .fix : .mte3, .s, 7, label: label, detail: detail)
    }
}
