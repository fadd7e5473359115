/// Intra-core events (set_flag / wait_flag / pipe_barrier) and the raw cross-core (FFTS) primitives.
extension CoreIssuer {
    /// set_flag(src, dst, id): queued on `src`; when it runs (after every earlier `src` instruction) it raises the
    /// 1-bit flag (src, dst, id). Raising a bit that is still up is a lost signal.
    public func setFlag(_ src: Pipe, _ dst: Pipe, _ id: Int, label: StaticString = "", detail: Int = -1) {
        if let e = syncEdits, !e.admits(label, .pair, orders: "\(src.name)→\(dst.name)", id: id) {
            return
        }
        guard eventOperands(src, dst, id, .setFlag, label, detail) else { return }
        submit(.setFlag(src: src, dst: dst, id: UInt8(id)), pipe: src, op: .setFlag, label: label, detail: detail)
    }

    /// wait_flag(src, dst, id): queued on `dst`; blocks that pipe (the scalar unit, and so all issue, when `dst` is
    /// S) until the bit is up, then clears it.
    public func waitFlag(_ src: Pipe, _ dst: Pipe, _ id: Int, label: StaticString = "", detail: Int = -1) {
        if let e = syncEdits, !e.admits(label, .pair, orders: "\(src.name)→\(dst.name)", id: id) {
            return
        }
        guard eventOperands(src, dst, id, .waitFlag, label, detail) else { return }
        submit(.waitFlag(src: src, dst: dst, id: UInt8(id)), pipe: dst, op: .waitFlag, label: label, detail: detail)
    }

    /// pipe_barrier(pipe): later instructions of that pipe start after its earlier ones finish (pipes already run
    /// in order here, so it only appears in the records). PIPE_ALL stalls issue until every pipe has drained.
    public func pipeBarrier(_ p: BarrierPipe, label: StaticString = "", detail: Int = -1) {
        if let e = syncEdits {
            let orders: String
            switch p {
            case .all: orders = "ALL"
            case .pipe(let pipe): orders = pipe.name
            }
            guard e.admits(label, .barrier, orders: orders, id: -1) else { return }
        }
        switch p {
        case .all:
            submit(.barrierAll, pipe: .s, op: .pipeBarrier, label: label, detail: detail)
        case .pipe(let pipe):
            guard pipe != .s else {
                reject(.pipeBarrier, label, detail, "pipe_barrier(PIPE_S) is a hardware error on a2a3")
                return
            }
            guard pipeExists(pipe, .pipeBarrier, label, detail) else { return }
            submit(.barrier, pipe: pipe, op: .pipeBarrier, label: label, detail: detail)
        }
    }

    /// `ffts_cross_core_sync(pipe, mode 2, flag)`: queued on `pipe`; when it runs it adds one to `flag` on both
    /// AIVs (from the AIC) or contributes this AIV's half of the AIC's counter.
    public func crossCoreSetFlag(_ pipe: Pipe, flag: Int, label: StaticString = "", detail: Int = -1) {
        crossSet(pipe, flag: flag, op: .crossSet, label: label, detail: detail)
    }

    /// `wait_flag_dev(flag)`: stalls this core's scalar issue until its counter for `flag` is non-zero, then
    /// decrements it. Pipes already issued keep running.
    public func waitFlagDev(_ flag: Int, label: StaticString = "", detail: Int = -1) {
        crossWait(flag: flag, op: .crossWait, label: label, detail: detail)
    }

    func crossSet(_ pipe: Pipe, flag: Int, op: Op, label: StaticString, detail: Int) {
        guard pipeExists(pipe, op, label, detail) else { return }
        guard (0..<ChipConfig.crossCoreFlags).contains(flag) else {
            reject(op, label, detail, "cross-core flag \(flag) outside 0...\(ChipConfig.crossCoreFlags - 1)")
            return
        }
        submit(.crossSet(flag: UInt8(flag), targets: crossTargets), pipe: pipe, op: op, label: label, detail: detail)
    }

    func crossWait(flag: Int, count: Int = 1, op: Op, label: StaticString, detail: Int) {
        guard (0..<ChipConfig.crossCoreFlags).contains(flag) else {
            reject(op, label, detail, "cross-core flag \(flag) outside 0...\(ChipConfig.crossCoreFlags - 1)")
            return
        }
        submit(.crossWait(flag: UInt8(flag), count: UInt8(count)), pipe: .s, op: op, label: label, detail: detail)
    }

    private func eventOperands(_ src: Pipe, _ dst: Pipe, _ id: Int, _ op: Op, _ label: StaticString,
                               _ detail: Int) -> Bool {
        guard (0..<ChipConfig.eventIDs).contains(id) else {
            reject(op, label, detail, "event id \(id) outside EVENT_ID0...EVENT_ID\(ChipConfig.eventIDs - 1)")
            return false
        }
        guard src != dst else {
            reject(op, label, detail, "source and destination are both \(src); order one pipe with pipe_barrier")
            return false
        }
        return pipeExists(src, op, label, detail) && pipeExists(dst, op, label, detail)
    }
}
