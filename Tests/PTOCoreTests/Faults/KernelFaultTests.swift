import PTONumerics
import PTOTestSupport
import Testing
@testable import PTOCore

/// Programming errors of a kernel, each written as a small core program: every one is a `CoreFault` whose one-line
/// message names the core, the instruction (its issue index and opcode where it has one) and the label, within
/// a second, instead of a crash, a hang or a silently wrong result.
@Suite("Kernel programming errors and hangs")
struct KernelFaultTests {
    typealias Script = [(CoreIssuer) throws -> Void]

    /// Runs the scripts on a fresh cluster and returns the fault and how long the run took to report it.
    func fault(aic: Script = [], aiv0: Script = [], aiv1: Script = [], gm: GlobalMemory = GlobalMemory())
        -> (fault: CoreFault?, seconds: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        var fault: CoreFault?
        do { try runCluster(gm: gm, aic: aic, aiv0: aiv0, aiv1: aiv1) } catch { fault = error as? CoreFault }
        let elapsed = clock.now - start
        return (fault, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    static func fifo(_ gm: GlobalMemory, slotSize: Int = 2048, localBase: Int = 0,
                     direction: FifoDirection = .c2v) -> TPipe {
        TPipe(flag: 0, direction: direction, slotSize: slotSize, gm: gm.allocate(bytes: 2 * slotSize, name: "sij_fifo"),
              gmOffset: 0, localBase: localBase)
    }

    // MARK: Programming errors

    /// TPOP lands each tile in a local slot at localBase + slot × slotSize; the second slot here runs past UB.
    @Test func tileBeyondAScratchpad() {
        let gm = GlobalMemory()
        let (fault, _) = fault(aiv0: [{ core in
            var pipe = Self.fifo(gm, localBase: 190 * 1024)
            var tile = Tile(.ub, rows: 16, cols: 32, .f32)
            core.tpop(&pipe, &tile, split: .noSplit, label: "pop sij", detail: 0)
            core.tpop(&pipe, &tile, split: .noSplit, label: "pop sij", detail: 1)
        }], gm: gm)
        guard case let .invalidInstruction(message)? = fault else { Issue.record("\(String(describing: fault))"); return }
        #expect(message == "aiv0: TPOP.load 'pop sij[1]': dst tile UB f32 16x32 rowMajor @0x30000: bytes [0x30000, "
            + "0x30800) exceed the UB capacity of 196608 bytes")
    }

    @Test func misalignedTileAndMisalignedGMView() {
        let gm = GlobalMemory()
        let x = gm.register(Tensor(dtype: .f32, shape: [4, 8]), name: "x")
        let tile = fault(aic: [{ core in
            var t = Tile(.l1, rows: 16, cols: 16, .bf16)
            try core.tassign(&t, 0x1010)
        }], gm: gm).fault
        #expect(tile == .invalidInstruction("aic: TASSIGN of tile L1 bf16 16x16 rowMajor unassigned to 0x1010: address "
            + "0x1010 is not 32-byte aligned"))
        let view = fault(aiv1: [{ core in
            var t = Tile(.ub, rows: 2, cols: 8, .f32)
            try core.tassign(&t, 0)
            core.tload(t, GMView(x, offset: 6, rows: 2, cols: 8, rowStride: 8, .f32), label: "load x", detail: 4)
        }], gm: gm).fault
        #expect(view == .invalidInstruction("aiv1: TLOAD 'load x[4]': src GM view of 'x' at byte offset 6 is not "
            + "aligned to its 4-byte f32 elements"))
    }

    /// An AIV pushes a 2 KiB tile (V2C) into a FIFO whose slots hold 1 KiB.
    @Test func fifoSlotTooSmallForItsTile() {
        let gm = GlobalMemory()
        let (fault, _) = fault(aiv0: [{ core in
            var pipe = Self.fifo(gm, slotSize: 1024, direction: .v2c)
            var p = Tile(.ub, rows: 16, cols: 64, .bf16)
            try core.tassign(&p, 0)
            core.tpush(&pipe, p, split: .noSplit, label: "push pij", detail: 3)
        }], gm: gm)
        #expect(fault == .invalidInstruction("aiv0: TPUSH.store 'push pij[3]': tile UB bf16 16x64 rowMajor @0x0 needs "
            + "2048 bytes at lane offset 0 + entry offset 0, but TPipe flag 0 slots hold 1024 bytes"))
    }

    @Test func flagLeftSetAtExitNamesItsSetFlag() {
        let gm = GlobalMemory()
        let x = gm.register(Tensor(dtype: .f32, shape: [16, 8]), name: "x")
        let (fault, _) = fault(aiv0: [{ core in
            var t = Tile(.ub, rows: 16, cols: 8, .f32)
            try core.tassign(&t, 0)
            core.tstore(GMView(x, offset: 0, rows: 16, cols: 8, rowStride: 8, .f32), t, label: "store x", detail: 0)
            core.setFlag(.mte3, .v, 2, label: "x stored")
        }], gm: gm)
        #expect(fault.map { "\($0)" } == "flags left set at exit: aiv0: flag MTE3->V #2 still set at exit (set by aiv0 #1 "
            + "MTE3 set_flag 'x stored')")
    }

    /// Consumers free both slots after the second pop; a producer that never drains its TPipe (pto-isa's
    /// ~TPipe) leaves that free credit in its cross-core counter.
    @Test func creditLeftAtExit() {
        let gm = GlobalMemory()
        let pipe = Self.fifo(gm)
        let producer: Script = [{ core in
            var p = pipe
            var acc = Tile(.l0c, rows: 16, cols: 32, .f32)
            try core.tassign(&acc, 0)
            for t in 0..<2 { core.tpush(&p, acc, split: .upDown, label: "push sij", detail: t) }
        }]
        func consumer(_ lane: Int) -> Script {
            [{ core in
                var p = pipe
                p.entryOffset = lane * 8 * 32 * 4
                var half = Tile(.ub, rows: 8, cols: 32, .f32)
                for t in 0..<2 {
                    core.tpop(&p, &half, split: .upDown, label: "pop sij", detail: t)
                    core.setFlag(.mte2, .s, 0)
                    core.waitFlag(.mte2, .s, 0)
                }
            }]
        }
        let (fault, _) = fault(aic: producer, aiv0: consumer(0), aiv1: consumer(1), gm: gm)
        #expect(fault.map { "\($0)" } == "flags left set at exit: aic: cross-core flag 1 holds 1 unconsumed set(s) at "
            + "exit (last set by aiv1 #6 MTE2 TPOP.free 'pop sij[1]')")
    }

    /// The second set finds the bit still up: on the chip the signal is absorbed and the second wait hangs.
    @Test func secondSetBeforeItsWaitIsALostSignal() {
        let (fault, _) = fault(aiv0: [{ core in
            core.setFlag(.mte2, .v, 0, label: "sij landed", detail: 0)
            core.setFlag(.mte2, .v, 0, label: "sij landed", detail: 1)
            core.waitFlag(.mte2, .v, 0)
            core.waitFlag(.mte2, .v, 0)
        }])
        #expect(fault.map { "\($0)" } == "lost signal: aiv0 #1 MTE2 set_flag 'sij landed[1]' set_flag(MTE2->V, 0) "
            + "before the previous set was waited for; bit already set by aiv0 #0 MTE2 set_flag 'sij landed[0]'")
    }

    // MARK: Hangs: reported within a second, with what every core waits on

    @Test func fifoDeadlockConsumersWithoutAProducer() {
        let gm = GlobalMemory()
        let pipe = Self.fifo(gm)
        let pop: Script = [{ core in
            var p = pipe
            var tile = Tile(.ub, rows: 8, cols: 32, .f32)
            core.tpop(&p, &tile, split: .upDown, label: "pop sij", detail: 0)
        }]
        let (fault, seconds) = fault(aiv0: pop, aiv1: pop, gm: gm)
        #expect(seconds < TestTiming.bound(1))
        #expect(fault.map { "\($0)" } == "deadlock: aiv0 #0 S TPOP.wait_data 'pop sij[0]' waits for cross-core flag 0 "
            + "(needs 1, has 0); aiv1 #0 S TPOP.wait_data 'pop sij[0]' waits for cross-core flag 0 (needs 1, has 0)")
    }

    /// Two slots: the third push needs a free credit that consumers which never pop cannot send.
    @Test func fifoDeadlockProducerWithoutConsumers() {
        let gm = GlobalMemory()
        let pipe = Self.fifo(gm)
        let (fault, seconds) = fault(aic: [{ core in
            var p = pipe
            var acc = Tile(.l0c, rows: 16, cols: 32, .f32)
            try core.tassign(&acc, 0)
            for t in 0..<3 { core.tpush(&p, acc, split: .upDown, label: "push sij", detail: t) }
        }], gm: gm)
        #expect(seconds < TestTiming.bound(1))
        #expect(fault.map { "\($0)" } == "deadlock: aic #4 S TPUSH.wait_credit 'push sij[2]' waits for cross-core flag 1 "
            + "(needs 1, has 0)")
    }

    @Test func neverSetWaitIsReportedAtOnce() {
        let (fault, seconds) = fault(aiv1: [{ core in core.waitFlag(.mte2, .v, 5, label: "wait for K tile", detail: 9) }])
        #expect(seconds < TestTiming.bound(1))
        #expect(fault.map { "\($0)" } == "deadlock: aiv1 #0 V wait_flag 'wait for K tile[9]' waits for flag MTE2->V #5, "
            + "which no issued set_flag can raise")
    }

    /// Each core waits for a cross-core flag only another blocked core would set: all three are listed.
    @Test func circularCrossCoreWaitListsEveryCore() {
        let (fault, seconds) = fault(
            aic: [{ core in core.waitFlagDev(2, label: "wait pij"); core.crossCoreSetFlag(.fix, flag: 0, label: "sij ready") }],
            aiv0: [{ core in core.waitFlagDev(0, label: "wait sij"); core.crossCoreSetFlag(.mte3, flag: 2, label: "pij ready") }],
            aiv1: [{ core in core.waitFlagDev(0, label: "wait sij"); core.crossCoreSetFlag(.mte3, flag: 2, label: "pij ready") }])
        #expect(seconds < TestTiming.bound(1))
        guard case let .deadlock(waits)? = fault else { Issue.record("\(String(describing: fault))"); return }
        #expect(waits.map(\.site.coreName) == ["aic", "aiv0", "aiv1"])
        #expect(waits.map(\.site.label) == ["wait pij", "wait sij", "wait sij"])
        #expect(waits.allSatisfy { $0.waitsFor.hasPrefix("cross-core flag") })
    }
}
