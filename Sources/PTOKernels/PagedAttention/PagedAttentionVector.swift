import PTOCore

/// The AIV (vector core) program of simpler's SPMD paged-attention kernel, for one lane (sub-block 0 or 1, each
/// owning half of the q-tile's rows): the SF-first pipeline — SF[0], then SF[i] and UP[i−1], then UP[n−1] — popping
/// sij and oi from the AIC and pushing pij back through GM FIFOs, then the final divide and TSTORE of `out`.
/// A request with no context gets zero rows. `step` issues one logical block per call.
public struct PagedAttentionVector: CoreProgram {
    let args: PagedAttentionArgs
    let plan: SyncPlan
    let lane: Int
    let hardwareBlockCount: Int
    var logical: Int
    var finished = false
    var sij: TPipe, pij: TPipe, oi: TPipe

    public init(args: PagedAttentionArgs, plan: SyncPlan, lane: Int, hardwareBlock: Int, hardwareBlockCount: Int) {
        self.args = args
        self.plan = plan
        self.lane = lane
        self.hardwareBlockCount = hardwareBlockCount
        self.logical = hardwareBlock
        let cfg = args.config, bs = args.blockSize, sub = cfg.subQTile
        sij = TPipe(flag: PAConfig.sijFlag, direction: .c2v, slotSize: cfg.sijSlotSize, gm: args.sijFifo,
                    gmOffset: hardwareBlock * PAConfig.sijHardwareStride, localBase: cfg.sijUBBase)
        pij = TPipe(flag: PAConfig.pijFlag, direction: .v2c, slotSize: cfg.pijSlotSize, gm: args.pijFifo,
                    gmOffset: hardwareBlock * PAConfig.pijHardwareStride, localBase: cfg.pijL1Base)
        oi = TPipe(flag: PAConfig.oiFlag, direction: .c2v, slotSize: cfg.oiSlotSize, gm: args.oiFifo,
                   gmOffset: hardwareBlock * PAConfig.oiHardwareStride, localBase: cfg.oiUBBase)
        // simpler's MIX dispatch reports sub-block 0 on both lanes, so the kernel adds each lane's offset itself.
        sij.entryOffset = lane * sub * bs * 4
        pij.entryOffset = lane * sub * bs * 2
        oi.entryOffset = lane * sub * PAConfig.headDim * 4
    }

    public mutating func step(_ core: CoreIssuer) throws -> Bool {
        if finished { return false }
        if logical < args.totalLogicalBlocks {
            let batch = logical / args.qLoop, qTileIndex = logical % args.qLoop
            logical += hardwareBlockCount
            let rows = args.config.subQTile
            let outRow = batch * args.numHeads + qTileIndex * args.config.qTile + lane * rows
            let out = GMView(args.out, offset: outRow * PAConfig.headDim * 4, rows: rows, cols: PAConfig.headDim,
                             rowStride: PAConfig.headDim, .f32)
            let n = args.kvBlocks(batch: batch)
            if n <= 0 {
                try zeroRows(core, out)
            } else {
                try processLogicalBlock(core, kvBlocks: n, validLenOfLast: args.validLenOfLast(batch: batch), out: out)
            }
            return true
        }
        // ~TPipe on the producer side: the AIV produces pij.
        core.drain(&pij, label: "aiv.exit.drain-pij")
        finished = true
        return true
    }

    /// A zero-length context: the lane writes zero rows.
    func zeroRows(_ core: CoreIssuer, _ out: GMView) throws {
        var zero = Tile(.ub, rows: args.config.subQTile, cols: PAConfig.headDim, .f32)
        try core.tassign(&zero, args.config.workUBBase)
        core.texpands(zero, 0, label: "aiv.zero.texpands", detail: 0)
        plan.barrier(core, .v, "aiv.zero.fill")
        plan.pair(core, .v, .mte3, 0, "aiv.zero.v-mte3")
        core.tstore(out, zero, label: "aiv.zero.tstore", detail: 0)
        plan.barrier(core, .mte3, "aiv.zero.store")
    }
}
