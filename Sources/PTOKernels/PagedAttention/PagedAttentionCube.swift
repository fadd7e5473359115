import PTOCore

/// The AIC (cube core) program of simpler's SPMD paged-attention kernel: for each logical block (one request's
/// q-tile) its hardware block owns, the QK-first software pipeline — Q loaded once, prologue QK[0], steady state
/// QK[i] then PV[i−1], epilogue PV[n−1] — with K/V prefetched into the other L1 ping-pong slot (unless the plan turns
/// prefetching off, as before simpler #704), sij and oi pushed to
/// the AIVs and pij popped from them through GM FIFOs. `step` issues one logical block per call.
public struct PagedAttentionCube: CoreProgram {
    let args: PagedAttentionArgs
    let plan: SyncPlan
    let hardwareBlock: Int, hardwareBlockCount: Int
    var logical: Int
    var finished = false
    var sij: TPipe, pij: TPipe, oi: TPipe

    public init(args: PagedAttentionArgs, plan: SyncPlan, hardwareBlock: Int, hardwareBlockCount: Int) {
        self.args = args
        self.plan = plan
        self.hardwareBlock = hardwareBlock
        self.hardwareBlockCount = hardwareBlockCount
        self.logical = hardwareBlock
        (sij, pij, oi) = args.pipes(hardwareBlock: hardwareBlock)
    }

    public mutating func step(_ core: CoreIssuer) throws -> Bool {
        if finished { return false }
        // Stride loop: skip logical blocks whose request has no context (the AIC does nothing for them).
        while logical < args.totalLogicalBlocks {
            let batch = logical / args.qLoop, qTileIndex = logical % args.qLoop
            logical += hardwareBlockCount
            let n = args.kvBlocks(batch: batch)
            if n <= 0 { continue }
            try processLogicalBlock(core, batch: batch, qTileIndex: qTileIndex, kvBlocks: n)
            return true
        }
        // ~TPipe on the producer side: drain the free credits still pending for sij and oi.
        core.drain(&sij, label: "aic.exit.drain-sij")
        core.drain(&oi, label: "aic.exit.drain-oi")
        finished = true
        return true
    }

    /// The tiles of one logical block (TASSIGNed afresh per block, as the original declares them per call).
    struct Tiles {
        var qMat: Tile
        var kMat: [Tile]          // L1 K slots A/B: logical 128 × N, ColMajor (the DN view of a row-major K block)
        var vMat: [Tile]          // L1 V slots A/B: N × 128
        var pijMat: Tile          // L1 landing slot, placed by TPOP
        var qkLeft: [Tile], qkRight: [Tile], qkAcc: Tile
        var pvLeft: [Tile], pvRight: [Tile], pvAcc: Tile
    }

    func makeTiles(_ core: CoreIssuer) throws -> Tiles {
        let m = args.config.qTile, k = PAConfig.headDim, n = args.blockSize, cfg = args.config
        let perSlot = plan.scheme == .perSlot
        func tile(_ space: Space, _ r: Int, _ c: Int, _ t: ElementType, _ layout: TileLayout = .rowMajor,
                  at address: Int) throws -> Tile {
            var x = Tile(space, rows: r, cols: c, t, layout: layout)
            try core.tassign(&x, address)
            return x
        }
        let kBytes = k * n * 2, vBytes = n * k * 2
        return Tiles(
            qMat: try tile(.l1, m, k, .bf16, at: cfg.qL1Address),
            kMat: [try tile(.l1, k, n, .bf16, .colMajor, at: cfg.kL1Address),
                   try tile(.l1, k, n, .bf16, .colMajor, at: cfg.kL1Address + kBytes)],
            vMat: [try tile(.l1, n, k, .bf16, at: cfg.vL1Address),
                   try tile(.l1, n, k, .bf16, at: cfg.vL1Address + vBytes)],
            pijMat: Tile(.l1, rows: m, cols: n, .bf16),
            // #708 double-buffers L0A/L0B (slot 1 right after slot 0); the shared scheme has one region at 0.
            qkLeft: [try tile(.l0a, m, k, .bf16, at: 0), try tile(.l0a, m, k, .bf16, at: perSlot ? m * k * 2 : 0)],
            qkRight: [try tile(.l0b, k, n, .bf16, .colMajor, at: 0),
                      try tile(.l0b, k, n, .bf16, .colMajor, at: perSlot ? kBytes : 0)],
            qkAcc: try tile(.l0c, m, n, .f32, at: 0),
            pvLeft: [try tile(.l0a, m, n, .bf16, at: 0), try tile(.l0a, m, n, .bf16, at: perSlot ? m * n * 2 : 0)],
            pvRight: [try tile(.l0b, n, k, .bf16, at: 0), try tile(.l0b, n, k, .bf16, at: perSlot ? vBytes : 0)],
            pvAcc: try tile(.l0c, m, k, .f32, at: 0))
    }

    mutating func processLogicalBlock(_ core: CoreIssuer, batch: Int, qTileIndex: Int, kvBlocks n: Int) throws {
        var t = try makeTiles(core)
        let qRow = batch * args.numHeads + qTileIndex * args.config.qTile
        core.tload(t.qMat, GMView(args.query, offset: qRow * PAConfig.headDim * 2, rows: args.config.qTile,
                                      cols: PAConfig.headDim, rowStride: PAConfig.headDim, .bf16),
                       label: "aic.tload-q", detail: 0)
        if plan.scheme == .perSlot { perSlotEntry(core) }
        let a = args
        func block(_ i: Int) -> Int { a.blockId(batch: batch, i) }
        if !plan.prefetchKV || n == 1 {
            // Every step loads its own block, nothing crosses a step: the kernel before #704, and a single-block
            // request in any version.
            for i in 0..<n {
                try qk(core, &t, kvBlock: block(i), i: i, currentLoaded: false, next: nil)
                if i > 0 { try pv(core, &t, kvBlock: block(i - 1), j: i - 1, currentLoaded: false, next: nil) }
            }
            try pv(core, &t, kvBlock: block(n - 1), j: n - 1, currentLoaded: false, next: nil)
        } else {
            try qk(core, &t, kvBlock: block(0), i: 0, currentLoaded: false, next: block(1))
            for i in 1..<n {
                try qk(core, &t, kvBlock: block(i), i: i, currentLoaded: true, next: i + 1 < n ? block(i + 1) : nil)
                try pv(core, &t, kvBlock: block(i - 1), j: i - 1, currentLoaded: i > 1, next: block(i))
            }
            try pv(core, &t, kvBlock: block(n - 1), j: n - 1, currentLoaded: true, next: nil)
        }
        if plan.scheme == .perSlot { perSlotExit(core) }
    }

    func kView(_ block: Int) -> GMView {
        GMView(args.keyCache, offset: block * args.blockSize * PAConfig.headDim * 2, rows: args.blockSize,
               cols: PAConfig.headDim, rowStride: PAConfig.headDim, .bf16)
    }
    func vView(_ block: Int) -> GMView {
        GMView(args.valueCache, offset: block * args.blockSize * PAConfig.headDim * 2, rows: args.blockSize,
               cols: PAConfig.headDim, rowStride: PAConfig.headDim, .bf16)
    }
}
