import PTONumerics
import Testing
@testable import PTOCore

@Suite("Race checker: hazards and happens-before")
struct RaceCheckerTests {
    @Test func rawWithoutFlagIsReportedAndTheFlagFixesIt() throws {
        let load = T.op("TLOAD", .mte2, reads: [(.gm, 0, 512)], writes: [(.l1, 0, 512)])
        let move = T.op("TMOV", .mte1, reads: [(.l1, 0, 512)], writes: [(.l0a, 0, 512)])
        let racy = try T.check(T.aic([load, move]))
        #expect(racy.hazards.count == 1)
        let h = try #require(racy.hazards.first)
        #expect(h.kind == .raw && h.space == .l1 && h.offset == 0 && h.bytes == 512)
        #expect(h.first.index == 0 && h.first.pipe == .mte2 && h.second.index == 1 && h.second.pipe == .mte1)
        #expect(try T.check(T.aic([load] + T.sync(.mte2, .mte1, 0) + [move])).isClean)
    }

    @Test func warOnASlotReloadedWhileStillBeingRead() throws {
        let move = T.op("TMOV", .mte1, reads: [(.l1, 0x20000, 256)], writes: [(.l0b, 0, 256)])
        let reload = T.op("TLOAD", .mte2, reads: [(.gm, 4096, 256)], writes: [(.l1, 0x20000, 256)])
        let racy = try T.check(T.aic([move, reload]))
        #expect(racy.hazards.map(\.kind) == [.war])
        #expect(try T.check(T.aic([move] + T.sync(.mte1, .mte2, 1) + [reload])).isClean)
    }

    @Test func wawBetweenTwoPipesWritingGM() throws {
        let fix = T.op("TSTORE", .fix, reads: [(.l0c, 0, 64)], writes: [(.gm, 1000, 64)])
        let mte3 = T.op("TSTORE", .mte3, reads: [(.l1, 0, 64)], writes: [(.gm, 1032, 64)])
        let report = try T.check(T.aic([fix, mte3]))
        let h = try #require(report.hazards.first)
        #expect(report.hazards.count == 1)
        #expect(h.kind == .waw && h.space == .gm && h.offset == 1032 && h.bytes == 32, "only the overlap is reported")
    }

    /// The kernel's AIC steps: every cross-step WAR (L1 K slot, L0A/L0B, L0C) is ordered only through the
    /// FIX → S drain at the end of each step. With the drain the program is clean; without it all three race.
    @Test(arguments: [true, false])
    func transitiveOrderingThroughTheFixDrain(drain: Bool) throws {
        func step(_ i: Int) -> [T.E] {
            var s: [T.E] = [T.op("TLOAD", .mte2, reads: [(.gm, i * 4096, 4096)], writes: [(.l1, 0x20000, 4096)], "load K[\(i)]")]
            s += T.sync(.mte2, .mte1, 0)
            s.append(T.op("TMOV", .mte1, reads: [(.l1, 0x20000, 4096)], writes: [(.l0b, 0, 4096)], "K -> L0B"))
            s += T.sync(.mte1, .m, 0)
            s.append(T.op("TMATMUL", .m, reads: [(.l0a, 0, 4096), (.l0b, 0, 4096)], writes: [(.l0c, 0, 4096)], "QK"))
            s += T.sync(.m, .fix, 0)
            s.append(T.op("TSTORE", .fix, reads: [(.l0c, 0, 4096)], writes: [(.gm, 0x100000 + i * 4096, 4096)], "push"))
            if drain { s += T.sync(.fix, .s, 7) }
            return s
        }
        let report = try T.check(T.aic(step(0) + step(1) + step(2)))
        if drain {
            #expect(report.hazards.isEmpty, "\(report.hazards)")
        } else {
            let spaces = Set(report.hazards.filter { $0.kind == .war }.map(\.space))
            #expect(spaces == [.l1, .l0b, .l0c], "\(report.hazards)")
        }
    }

    /// Cross-core: the AIV may read what the AIC stored only after the matching set, which must sit behind the
    /// store in the same pipe.
    @Test func crossCoreHandshake() throws {
        let store = T.op("TSTORE", .fix, reads: [(.l0c, 0, 256)], writes: [(.gm, 0, 256)], "store sij")
        let load = T.op("TLOAD", .mte2, reads: [(.gm, 0, 256)], writes: [(.ub, 0, 256)], "load sij")
        let clean = try T.check(T.aic([store, T.crossSet(.fix, 0, to: [1])]), T.aiv([T.crossWait(0), load], name: "aiv0"))
        #expect(clean.isClean, "\(clean.text())")
        let noWait = try T.check(T.aic([store, T.crossSet(.fix, 0, to: [1])]), T.aiv([load], name: "aiv0"))
        #expect(noWait.hazards.map(\.kind) == [.raw])
        #expect(!noWait.leftovers.isEmpty, "the unconsumed set is left on aiv0's counter")
        // A set queued on MTE2 fires after MTE2's work, not FIX's: the store is still in flight.
        let wrongPipe = try T.check(T.aic([store, T.crossSet(.mte2, 0, to: [1])]),
                                    T.aiv([T.crossWait(0), load], name: "aiv0"))
        #expect(wrongPipe.hazards.map(\.kind) == [.raw])
    }

    /// Mode 2 reduce: the AIC's wait returns only after both AIVs have set, so it is ordered after both writes;
    /// a write one AIV makes after its set is not covered.
    @Test func aicWaitJoinsBothLanes() throws {
        func lane(_ name: String, _ offset: Int, writeAfterSet: Bool) -> TraceProgram.Core {
            let write = T.op("TSTORE", .mte3, reads: [(.ub, 0, 128)], writes: [(.gm, offset, 128)], "push pij")
            let set = T.crossSet(.mte3, 2, to: [0])
            return T.aiv(writeAfterSet ? [set, write] : [write, set], name: name)
        }
        let read = T.op("TLOAD", .mte2, reads: [(.gm, 0, 256)], writes: [(.l1, 0, 256)], "pop pij")
        let clean = try T.check(T.aic([T.crossWait(2), read]), lane("aiv0", 0, writeAfterSet: false),
                                lane("aiv1", 128, writeAfterSet: false))
        #expect(clean.isClean, "\(clean.text())")
        let late = try T.check(T.aic([T.crossWait(2), read]), lane("aiv0", 0, writeAfterSet: false),
                               lane("aiv1", 128, writeAfterSet: true))
        #expect(late.hazards.count == 1)
        #expect(late.hazards.first?.offset == 128 && late.hazards.first?.first.core == 2)
    }

    /// Counting: the k-th wait matches the k-th set, so reading slot 1 after only one wait is a race.
    @Test func kthWaitMatchesKthSet() throws {
        let producer = T.aic([
            T.op("TSTORE", .fix, reads: [(.l0c, 0, 64)], writes: [(.gm, 0, 64)], "slot 0"), T.crossSet(.fix, 0, to: [1]),
            T.op("TSTORE", .fix, reads: [(.l0c, 0, 64)], writes: [(.gm, 64, 64)], "slot 1"), T.crossSet(.fix, 0, to: [1]),
        ])
        let readSlot1 = T.op("TLOAD", .mte2, reads: [(.gm, 64, 64)], writes: [(.ub, 0, 64)], "read slot 1")
        let early = try T.check(producer, T.aiv([T.crossWait(0), readSlot1, T.crossWait(0)], name: "aiv0"))
        #expect(early.hazards.map(\.kind) == [.raw])
        let late = try T.check(producer, T.aiv([T.crossWait(0), T.crossWait(0), readSlot1], name: "aiv0"))
        #expect(late.isClean, "\(late.text())")
        let both = try T.check(producer, T.aiv([T.crossWait(0, count: 2), readSlot1], name: "aiv0"))
        #expect(both.isClean)
    }

    /// A set that is not ordered after the wait consuming the previous set could be absorbed by a slow consumer.
    @Test func unorderedSetIsWarned() throws {
        let racy = try T.check(T.aiv(T.sync(.mte2, .v, 0) + T.sync(.mte2, .v, 0), name: "aiv0"))
        #expect(racy.warnings.map(\.kind) == [.unorderedSet])
        // Ordering V's consumption before the second set (V → MTE2) removes the risk.
        let safe = try T.check(T.aiv(T.sync(.mte2, .v, 0) + T.sync(.v, .mte2, 1) + T.sync(.mte2, .v, 0), name: "aiv0"))
        #expect(safe.isClean, "\(safe.text())")
    }

    /// The same race in every loop iteration is one hazard with a count.
    @Test func repeatedHazardsAreMergedWithACount() throws {
        let gm = GlobalMemory()
        let input = gm.register(Tensor(dtype: .f32, shape: [64]), name: "in")
        let checker = RaceChecker()
        let body: (CoreIssuer) throws -> Void = { core in
            var t = Tile(.ub, rows: 1, cols: 64, .f32)
            try core.tassign(&t, 0)
            core.tload(t, GMView(input, offset: 0, rows: 1, cols: 64, rowStride: 64, .f32), label: "load")
            core.tmuls(t, t, 2, label: "scale without waiting")
            core.pipeBarrier(.all)
        }
        try runCluster(gm: gm, aiv0: [body, body, body], sink: checker)
        let raw = checker.hazards.filter { $0.kind == .raw }
        #expect(raw.count == 1)
        #expect(raw.first?.count == 3)
        #expect(raw.first?.first.label == "load" && raw.first?.second.label == "scale without waiting")
    }

    /// UB is per AIV: the same offsets on two lanes never conflict.
    @Test func scratchpadsArePerCore() throws {
        let write = T.op("TLOAD", .mte2, reads: [(.gm, 0, 64)], writes: [(.ub, 0, 64)])
        let report = try T.check(T.aiv([write], name: "aiv0"), T.aiv([write], name: "aiv1"))
        #expect(report.hazards.isEmpty)
    }
}

@Suite("Race checker: overlapping pipes")
struct OverlappingPipeTests {
    let write = T.op("TEXP", .v, reads: [(.ub, 0, 256)], writes: [(.ub, 0, 256)], "p = exp(p)")
    let read = T.op("TCVT", .v, reads: [(.ub, 0, 256)], writes: [(.ub, 1024, 128)], "cvt p")

    /// Dependent vector instructions without pipe_barrier(V): clean under in-order pipes, a RAW when V may overlap.
    @Test func missingVectorBarrierIsFoundOnlyWhenVOverlaps() throws {
        let program = TraceProgram(cores: [T.aiv([write, read], name: "aiv0")])
        #expect(try TraceReplay.check(program).isClean)
        let report = try TraceReplay.check(program, overlappingPipes: [.v])
        #expect(report.hazards.map(\.kind) == [.raw])
        #expect(report.hazards.first?.first.label == "p = exp(p)" && report.hazards.first?.second.label == "cvt p")
        let fixed = TraceProgram(cores: [T.aiv([write, T.E(instruction: .pipeBarrier(.pipe(.v)), label: nil), read],
                                                name: "aiv0")])
        #expect(try TraceReplay.check(fixed, overlappingPipes: [.v]).isClean)
    }

    /// In place is not a self-conflict, same-pipe WAR is not reported, and a set still drains its pipe.
    @Test func inPlaceWarAndSetsStayClean() throws {
        let reader = T.op("TMULS", .v, reads: [(.ub, 0, 256)], writes: [(.ub, 512, 256)], "read")
        let overwrite = T.op("TEXPANDS", .v, writes: [(.ub, 0, 256)], "overwrite")
        let store = T.op("TSTORE", .mte3, reads: [(.ub, 0, 256)], writes: [(.gm, 0, 256)], "store")
        let program = TraceProgram(cores: [T.aiv([write, T.E(instruction: .pipeBarrier(.pipe(.v)), label: nil), reader,
                                                  overwrite] + T.sync(.v, .mte3, 0) + [store], name: "aiv0")])
        let report = try TraceReplay.check(program, overlappingPipes: [.v])
        #expect(report.hazards.isEmpty, "\(report.hazards)")
    }
}
