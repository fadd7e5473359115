import PTONumerics
import Testing
@testable import PTOCore

/// Tile shapes of the FIFO tests: the AIC moves M x N tiles, each AIV lane M/2 x N.
private let m = 4, n = 8, laneRows = 2

/// AIC: for each tile t, C = A_t · I through the cube, then TPUSH C (C2V) and drain FIX → S, as the kernel's QK step.
private struct CubeProducer: CoreProgram {
    let a: GMBuffer, identity: GMBuffer
    var pipe: TPipe
    let tiles: Int
    let drainAtExit: Bool
    var t = 0

    mutating func step(_ core: CoreIssuer) throws -> Bool {
        if t == tiles {
            if drainAtExit { core.drain(&pipe, label: "~TPipe sij") }
            t += 1
            return true
        }
        guard t < tiles else { return false }
        var aMat = Tile(.l1, rows: m, cols: n, .bf16), iMat = Tile(.l1, rows: n, cols: n, .bf16)
        var l0a = Tile(.l0a, rows: m, cols: n, .bf16), l0b = Tile(.l0b, rows: n, cols: n, .bf16)
        var acc = Tile(.l0c, rows: m, cols: n, .f32)
        try core.tassign(&aMat, 0); try core.tassign(&iMat, 0x1000)
        try core.tassign(&l0a, 0); try core.tassign(&l0b, 0); try core.tassign(&acc, 0)
        core.tload(aMat, GMView(a, offset: t * m * n * 2, rows: m, cols: n, rowStride: n, .bf16), label: "load A", detail: t)
        core.tload(iMat, GMView(identity, offset: 0, rows: n, cols: n, rowStride: n, .bf16), label: "load I", detail: t)
        core.setFlag(.mte2, .mte1, 0); core.waitFlag(.mte2, .mte1, 0)
        core.tmov(l0a, aMat, label: "A -> L0A", detail: t)
        core.tmov(l0b, iMat, label: "I -> L0B", detail: t)
        core.setFlag(.mte1, .m, 0); core.waitFlag(.mte1, .m, 0)
        core.tmatmul(acc, l0a, l0b, label: "C = A I", detail: t)
        core.setFlag(.m, .fix, 0); core.waitFlag(.m, .fix, 0)
        core.tpush(&pipe, acc, split: .upDown, label: "push sij", detail: t)
        core.setFlag(.fix, .s, 7); core.waitFlag(.fix, .s, 7, label: "drain FIX", detail: t)
        t += 1
        return true
    }
}

/// AIV lane: TPOP its half of each tile, store it to `out`, drain MTE3 → S before the slot comes round again.
private struct VectorConsumer: CoreProgram {
    let out: GMBuffer
    var pipe: TPipe
    let tiles: Int
    var drainStores = true
    var t = 0

    mutating func step(_ core: CoreIssuer) throws -> Bool {
        guard t < tiles else { return false }
        var half = Tile(.ub, rows: laneRows, cols: n, .f32)
        core.tpop(&pipe, &half, split: .upDown, label: "pop sij", detail: t)
        core.setFlag(.mte2, .mte3, 0); core.waitFlag(.mte2, .mte3, 0)
        let rowOffset = (t * m + core.subBlockId * laneRows) * n * 4
        core.tstore(GMView(out, offset: rowOffset, rows: laneRows, cols: n, rowStride: n, .f32), half, label: "store", detail: t)
        if drainStores || t == tiles - 1 { core.setFlag(.mte3, .s, 7); core.waitFlag(.mte3, .s, 7) }
        t += 1
        return true
    }
}

@Suite("TPipe FIFOs: TPUSH, TPOP, credits")
struct TPipeTests {
    struct Setup {
        let gm = GlobalMemory()
        let a: GMBuffer, identity: GMBuffer, out: GMBuffer, fifo: GMBuffer
        let aValues: [Float]
        let outTensor: Tensor

        init(tiles: Int) {
            let values = (0..<(tiles * m * n)).map { Float($0 % 200) * 0.5 - 40 }  // exact in bf16
            let (aT, exact) = TestTensors.bf16(values, shape: [tiles, m, n])
            aValues = exact
            let (iT, _) = TestTensors.bf16((0..<(n * n)).map { $0 / n == $0 % n ? 1 : 0 }, shape: [n, n])
            outTensor = Tensor(dtype: .f32, shape: [tiles, m, n])
            a = gm.register(aT, name: "A")
            identity = gm.register(iT, name: "I")
            out = gm.register(outTensor, name: "out")
            fifo = gm.allocate(bytes: 2 * m * n * 4, name: "sij_fifo")
        }

        func pipe() -> TPipe {
            TPipe(flag: 0, direction: .c2v, slotSize: m * n * 4, gm: fifo, gmOffset: 0, localBase: 0x2000)
        }
    }

    func run(_ s: Setup, tiles: Int, drain: Bool = true, entryOffsets: Bool = true, builtInLaneOffset: Bool = false,
             drainStores: Bool = true, sink: RecordSink? = nil) throws {
        let cluster = Cluster(index: 0, gm: s.gm)
        cluster.laneOffsetUsesSubBlockId = builtInLaneOffset
        var producer = CubeProducer(a: s.a, identity: s.identity, pipe: s.pipe(), tiles: tiles, drainAtExit: drain)
        func lane(_ sub: Int) -> VectorConsumer {
            var p = s.pipe()
            if entryOffsets { p.entryOffset = sub * laneRows * n * 4 }  // the kernel's explicit lane split
            return VectorConsumer(out: s.out, pipe: p, tiles: tiles, drainStores: drainStores)
        }
        var lane0 = lane(0), lane1 = lane(1)
        try cluster.run(aic: &producer, aiv0: &lane0, aiv1: &lane1, sink: sink)
    }

    /// Tiles wrap around the 2-slot ring and the two local slots; every lane gets its rows of every tile.
    @Test(arguments: [1, 4, 5])
    func tilesArriveInOrderAcrossWraps(tiles: Int) throws {
        let s = Setup(tiles: tiles)
        let log = RecordLog()
        try run(s, tiles: tiles, sink: log)
        #expect(TestTensors.floats(s.outTensor) == s.aValues)
        // Producer credit waits at tiles 2, 4, ...; the drain consumes what is left (4 tiles: 1; 5 tiles: 0).
        let steadyWaits = (0..<tiles).filter { $0 >= 2 && $0 % 2 == 0 }.count
        #expect(log.count(core: 0, op: .tpushCreditWait) == steadyWaits)
        #expect(log.count(core: 0, op: .tpipeDrain) == s.pipe().pendingFreeCredits(afterTiles: tiles))
        // Frees are sent after pops 1, 3, ... by each lane.
        #expect(log.count(core: 1, op: .tpopFree) == tiles / 2)
    }

    /// Back-pressure: push #2 reuses slot 0, so its store waits until both lanes have freed slots 0 and 1.
    @Test func thirdPushWaitsForBothLanesToFree() throws {
        let s = Setup(tiles: 3)
        let log = RecordLog()
        try run(s, tiles: 3, sink: log)
        let push2 = try #require(log.position(core: 0, op: .tpushData, label: "push sij", detail: 2))
        for lane in [1, 2] {
            let free = try #require(log.position(core: lane, op: .tpopFree, label: "pop sij", detail: 1))
            #expect(free < push2, "lane \(lane) freed after push #2 stored")
        }
    }

    /// The built-in TILE_UP_DOWN lane offset (when get_subblockid() reports the lane) replaces the explicit
    /// entry offsets and gives the same data.
    @Test func builtInLaneOffsetSplitsTheSlot() throws {
        let s = Setup(tiles: 2)
        try run(s, tiles: 2, entryOffsets: false, builtInLaneOffset: true)
        #expect(TestTensors.floats(s.outTensor) == s.aValues)
    }

    /// Under simpler's MIX dispatch both lanes see sub-block 0: without entry offsets both read the top half.
    @Test func zeroSubBlockIdWithoutEntryOffsetsDuplicatesTheTopHalf() throws {
        let s = Setup(tiles: 1)
        try run(s, tiles: 1, entryOffsets: false)
        let got = TestTensors.floats(s.outTensor)
        #expect(Array(got[(laneRows * n)...]) == Array(s.aValues[0..<(laneRows * n)]))
    }

    /// Without ~TPipe's drain, 4 tiles leave one free credit on the AIC's counter: reported at exit.
    @Test func missingDrainLeavesACredit() throws {
        let s = Setup(tiles: 4)
        #expect {
            try run(s, tiles: 4, drain: false)
        } throws: { error in
            guard case let .leftoverFlags(flags) = error as? CoreFault else { return false }
            return flags.map(\.kind) == [.crossCore(flag: 1, count: 1)] && flags[0].coreName == "aic"
        }
    }

    /// The FIFO protocol plus the per-step drains order every slot reuse: the race checker finds nothing.
    @Test func fifoProtocolIsRaceFree() throws {
        let s = Setup(tiles: 5)
        let checker = RaceChecker()
        try run(s, tiles: 5, sink: checker)
        #expect(checker.hazards.isEmpty, "\(checker.hazards)")
        #expect(checker.warnings.isEmpty, "\(checker.warnings)")
    }

    /// Without the MTE3 → S drain, TPOP of tile t+2 may land in the UB slot while tile t's store still reads it:
    /// nothing orders the consumer's MTE3 before its next MTE2 (the frees go out on MTE2). The checker says so.
    @Test func consumerWithoutDrainRacesOnItsLocalSlot() throws {
        let s = Setup(tiles: 3)
        let checker = RaceChecker()
        try run(s, tiles: 3, drainStores: false, sink: checker)
        let war = checker.hazards.filter { $0.kind == .war && $0.space == .ub }
        #expect(war.count == 2, "one per lane: \(checker.hazards)")
        #expect(war.allSatisfy { $0.first.op == .tstore && $0.second.op == .tpopData && $0.first.pipe == .mte3 })
        #expect(war.allSatisfy { $0.first.label == "store[0]" && $0.second.label == "pop sij[2]" })
    }

    @Test func pendingFreeCreditsMatchPtoIsa() {
        let gm = GlobalMemory()
        let buf = gm.allocate(bytes: 1 << 20, name: "ring")
        let depth2 = TPipe(flag: 0, direction: .c2v, slotSize: 64, gm: buf, gmOffset: 0, localBase: 0)
        #expect([0, 1, 2, 3, 4, 5, 6].map { depth2.pendingFreeCredits(afterTiles: $0) } == [0, 0, 1, 0, 1, 0, 1])
        // pto-isa's depth-8 regression: 40 transfers leave floor(40/4) - 8 = 2 credits.
        let depth8 = TPipe(flag: 0, direction: .c2v, slotSize: 64, slotNum: 8, localSlotNum: 8, gm: buf, gmOffset: 0,
                           localBase: 0)
        #expect(depth8.syncPeriod == 4)
        #expect(depth8.pendingFreeCredits(afterTiles: 40) == 2)
    }

    @Test func slotTooSmallIsAnError() throws {
        let s = Setup(tiles: 1)
        let small = TPipe(flag: 0, direction: .c2v, slotSize: 64, gm: s.fifo, gmOffset: 0, localBase: 0x2000)
        let cluster = Cluster(index: 0, gm: s.gm)
        var producer = CubeProducer(a: s.a, identity: s.identity, pipe: small, tiles: 1, drainAtExit: true)
        var idle1 = ScriptProgram(), idle2 = ScriptProgram()
        #expect {
            try cluster.run(aic: &producer, aiv0: &idle1, aiv1: &idle2)
        } throws: { error in
            "\(error)".contains("push sij[0]") && "\(error)".contains("slots hold 64 bytes")
        }
    }
}
