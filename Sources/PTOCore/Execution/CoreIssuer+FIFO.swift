/// TPUSH / TPOP / ~TPipe, expanded into the primitive waits, moves and cross-core sets of pto-isa's a2a3 code:
///
/// - AIC push (C2V): [wait_flag_dev(F+1)] · FIX store of the whole Acc tile · FIX set of F toward both AIVs.
/// - AIV push (V2C): [wait_flag_dev(F+1)] · MTE3 store of this lane's piece · MTE3 set of F toward the AIC.
/// - AIV pop (C2V) / AIC pop (V2C): wait_flag_dev(F) · TASSIGN to the local slot · MTE2 load · [MTE2 set of F+1].
/// Bracketed steps happen only on the credit cadence (`TPipe.syncPeriod`).
extension CoreIssuer {
    /// TPUSH: sends `tile` into the pipe's next GM slot.
    public func tpush(_ pipe: inout TPipe, _ tile: Tile, split: TileSplit, label: StaticString = "", detail: Int = -1) {
        guard fifoUsable(pipe, tile, pushing: true, .tpushData, label, detail) else { return }
        let t = pipe.producerTileId
        let isCube = kind == .aic
        // The cube side ignores the split: it always stores the whole tile.
        let laneOffset = isCube ? 0 : laneOffsetBytes(tile, split)
        let slot = pipe.gmOffset + (t % pipe.slotNum) * pipe.slotSize
        guard let view = slotView(pipe, tile, slot: slot, laneOffset: laneOffset, .tpushData, label, detail),
              let s = operand(tile, "src", in: isCube ? .l0c : .ub, .tpushData, label, detail),
              let d = operand(view, "slot", .tpushData, label, detail) else { return }
        if pipe.producerWaitsForCredit(atTile: t) {
            crossWait(flag: pipe.flag + 1, op: .tpushCreditWait, label: label, detail: detail)
        }
        let dataPipe: Pipe = isCube ? .fix : .mte3
        submit(.store(dst: d, src: s), pipe: dataPipe, op: .tpushData, label: label, detail: detail)
        pipe.producerTileId = t + 1
        crossSet(dataPipe, flag: pipe.flag, op: .tpushSignal, label: label, detail: detail)
    }

    /// TPOP: waits for the next tile, binds `tile` to its local landing slot and loads it there.
    public func tpop(_ pipe: inout TPipe, _ tile: inout Tile, split: TileSplit, label: StaticString = "",
                     detail: Int = -1) {
        guard fifoUsable(pipe, tile, pushing: false, .tpopData, label, detail) else { return }
        let t = pipe.consumerTileId
        let isCube = kind == .aic
        let laneOffset = isCube ? 0 : laneOffsetBytes(tile, split)
        let slot = pipe.gmOffset + (t % pipe.slotNum) * pipe.slotSize
        var landed = tile
        landed.address = pipe.localBase + (t % pipe.localSlotNum) * pipe.slotSize
        guard let view = slotView(pipe, tile, slot: slot, laneOffset: laneOffset, .tpopData, label, detail),
              let d = operand(landed, "dst", in: isCube ? .l1 : .ub, .tpopData, label, detail),
              let s = operand(view, "slot", .tpopData, label, detail) else { return }
        crossWait(flag: pipe.flag, op: .tpopWait, label: label, detail: detail)
        tile.address = landed.address
        submit(.load(dst: d, src: s), pipe: .mte2, op: .tpopData, label: label, detail: detail)
        if pipe.consumerFreesSlot(atTile: t) {
            crossSet(.mte2, flag: pipe.flag + 1, op: .tpopFree, label: label, detail: detail)
        }
        pipe.consumerTileId = t + 1
    }

    /// `~TPipe` on the producer: waits for the free credits still pending, returning the counters to zero.
    public func drain(_ pipe: inout TPipe, label: StaticString = "", detail: Int = -1) {
        guard fifoUsable(pipe, nil, pushing: true, .tpipeDrain, label, detail) else { return }
        for _ in 0..<pipe.pendingFreeCredits(afterTiles: pipe.producerTileId) {
            crossWait(flag: pipe.flag + 1, op: .tpipeDrain, label: label, detail: detail)
        }
    }

    // MARK: Helpers

    /// Checks the pipe's parameters and that this core is the right end of it.
    private func fifoUsable(_ pipe: TPipe, _ tile: Tile?, pushing: Bool, _ op: Op, _ label: StaticString,
                            _ detail: Int) -> Bool {
        if let problem = pipe.configurationProblem {
            reject(op, label, detail, "TPipe flag \(pipe.flag): \(problem)")
            return false
        }
        if let tile, tile.layout != .rowMajor {
            reject(op, label, detail, "FIFO tiles must be rowMajor (slots hold dense rows); got \(tile.summary)")
            return false
        }
        let producerIsCube = pipe.direction == .c2v
        if (kind == .aic) != (pushing == producerIsCube) {
            let role = pushing ? "push into" : "pop from"
            reject(op, label, detail, "the \(kind) cannot \(role) a \(pipe.direction == .c2v ? "C2V" : "V2C") TPipe")
            return false
        }
        return true
    }

    /// Byte offset of this lane's piece inside a slot: `sub * rows * cols * size` for TILE_UP_DOWN, where `sub`
    /// is the hardware sub-block id (0 on both lanes under simpler's MIX dispatch unless configured otherwise).
    private func laneOffsetBytes(_ tile: Tile, _ split: TileSplit) -> Int {
        guard split == .upDown else { return 0 }
        let sub = context.laneOffsetUsesSubBlockId ? subBlockId : 0
        return sub * tile.validRows * tile.validCols * tile.dtype.size
    }

    /// The GM view of the tile's piece in a slot (dense rows, stride = valid columns), checked against the slot.
    private func slotView(_ pipe: TPipe, _ tile: Tile, slot: Int, laneOffset: Int, _ op: Op, _ label: StaticString,
                          _ detail: Int) -> GMView? {
        let bytes = tile.validRows * tile.validCols * tile.dtype.size
        let used = laneOffset + pipe.entryOffset + bytes
        guard pipe.entryOffset >= 0, used <= pipe.slotSize else {
            reject(op, label, detail, "tile \(tile.summary) needs \(bytes) bytes at lane offset \(laneOffset) + entry "
                + "offset \(pipe.entryOffset), but TPipe flag \(pipe.flag) slots hold \(pipe.slotSize) bytes")
            return nil
        }
        return GMView(pipe.gm, offset: slot + laneOffset + pipe.entryOffset, rows: tile.validRows,
                      cols: tile.validCols, rowStride: tile.validCols, tile.dtype)
    }
}
