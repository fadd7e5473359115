import PTONumerics
import Testing
@testable import PTOCore

/// Bad operands are one-line errors naming the core, instruction, label, operand and rule.
@Suite("Operand checks")
struct OperandValidationTests {
    func error(aic: [(CoreIssuer) throws -> Void] = [], aiv: [(CoreIssuer) throws -> Void] = [],
               gm: GlobalMemory = GlobalMemory()) -> String {
        do {
            try runCluster(gm: gm, aic: aic, aiv0: aiv)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func tassignChecksAlignmentCapacityAndSpace() {
        let misaligned = error(aiv: [{ core in
            var t = Tile(.ub, rows: 4, cols: 8, .f32)
            try core.tassign(&t, 0x110)
        }])
        #expect(misaligned == "aiv0: TASSIGN of tile UB f32 4x8 rowMajor unassigned to 0x110: address 0x110 is not "
            + "32-byte aligned")
        let tooBig = error(aiv: [{ core in
            var t = Tile(.ub, rows: 64, cols: 128, .f32)
            try core.tassign(&t, 0x2A000)
        }])
        #expect(tooBig.contains("bytes [0x2a000, 0x32000) exceed the UB capacity of 196608 bytes"))
        let wrongCore = error(aic: [{ core in
            var t = Tile(.ub, rows: 1, cols: 8, .f32)
            try core.tassign(&t, 0)
        }])
        #expect(wrongCore.contains("the AIC has no UB"))
    }

    @Test func gmViewsAreBoundsChecked() {
        let gm = GlobalMemory()
        let buf = gm.register(Tensor(dtype: .f32, shape: [10, 8]), name: "key_cache")
        let message = error(aiv: [{ core in
            var t = Tile(.ub, rows: 4, cols: 8, .f32)
            try core.tassign(&t, 0)
            core.tload(t, GMView(buf, offset: 8 * 8 * 4, rows: 4, cols: 8, rowStride: 8, .f32), label: "load K", detail: 7)
        }], gm: gm)
        #expect(message == "aiv0: TLOAD 'load K[7]': src GM view of 'key_cache' at byte offset 256 spans 128 bytes, "
            + "past the buffer's 320 bytes")
    }

    @Test func shapesMustAgree() {
        let message = error(aiv: [{ core in
            var a = Tile(.ub, rows: 4, cols: 16, .f32), b = Tile(.ub, rows: 4, cols: 8, .f32)
            try core.tassign(&a, 0)
            try core.tassign(&b, 0x400)
            core.tadd(a, a, b, label: "go += oi")
        }])
        #expect(message == "aiv0: TADD 'go += oi': b valid shape 4x8 differs from dst's 4x16")
        let chain = error(aic: [{ core in
            var a = Tile(.l0a, rows: 16, cols: 128, .bf16), b = Tile(.l0b, rows: 64, cols: 128, .bf16)
            var c = Tile(.l0c, rows: 16, cols: 128, .f32)
            try core.tassign(&a, 0); try core.tassign(&b, 0); try core.tassign(&c, 0)
            core.tmatmul(c, a, b, label: "QK")
        }])
        #expect(chain.contains("shapes do not chain: A 16x128, B 64x128, C 16x128"))
    }

    @Test func unassignedTilesAndMissingPipesAreRejected() {
        let unassigned = error(aiv: [{ core in
            core.texpands(Tile(.ub, rows: 1, cols: 8, .f32), 0, label: "zero")
        }])
        #expect(unassigned.contains("TEXPANDS 'zero': dst tile UB f32 1x8 rowMajor unassigned: not assigned an address"))
        let noV = error(aic: [{ core in core.setFlag(.v, .mte3, 0, label: "x") }])
        #expect(noV == "aic: set_flag 'x': pipe V does not exist on the AIC")
        let barrierS = error(aic: [{ core in core.pipeBarrier(.pipe(.s)) }])
        #expect(barrierS.contains("pipe_barrier(PIPE_S) is a hardware error"))
    }

    /// After a rejected instruction nothing else of the program is issued: the error surfaces after the step.
    @Test func firstErrorStopsTheProgram() {
        var reached = false
        let message = error(aiv: [{ core in
            core.setFlag(.mte2, .v, 9, label: "bad id")
        }, { _ in reached = true }])
        #expect(message.contains("event id 9 outside EVENT_ID0...EVENT_ID7"))
        #expect(!reached)
    }
}
