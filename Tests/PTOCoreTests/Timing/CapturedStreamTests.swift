import Testing
import PTONumerics
@testable import PTOCore

/// The timed mode's packed streams must give back every instruction exactly as it was issued: each action with its
/// operands, pipe, op, label, detail, index and scalar epoch, by position and in order, including the instructions
/// the packed form cannot hold (kept whole).
struct CapturedStreamTests {
    static func tile(_ space: Space, _ rows: Int, _ cols: Int, _ dtype: ElementType, at address: Int,
                     layout: TileLayout = .rowMajor, validCols: Int? = nil) -> TileOperand {
        var t = Tile(space, rows: rows, cols: cols, dtype, layout: layout)
        t.address = address
        if let validCols { t.validCols = validCols }
        return TileOperand(t)
    }

    /// One instruction of every action, several sharing tiles and labels, and the cases kept whole: a detail out of
    /// 16-bit range, targets beyond 32 cores, a label that is not a pointer, scalar stores, dcci and trace ops.
    static func stream() -> [Instruction] {
        let gm = GlobalMemory()
        let buffer = gm.register(Tensor(dtype: .bf16, shape: [4096]), name: "x")
        let view = GMOperand(GMView(buffer, offset: 256, rows: 16, cols: 64, rowStride: 128, .bf16))
        let a = tile(.l1, 16, 64, .bf16, at: 0), b = tile(.l0a, 16, 64, .bf16, at: 0)
        let c = tile(.l0c, 16, 16, .f32, at: 1024), u = tile(.ub, 16, 64, .f32, at: 4096, validCols: 33)
        let v = tile(.ub, 16, 64, .f32, at: 8192, layout: .colMajor)
        let actions: [(Action, Pipe, Op, StaticString, Int)] = [
            (.load(dst: a, src: view), .mte2, .tload, "K load", 3),
            (.move(dst: b, src: a), .mte1, .tmov, "K->L0A", -1),
            (.matmul(c: c, a: b, b: b), .m, .tmatmulAcc, "QK", 70_000),
            (.store(dst: view, src: u), .mte3, .tstore, "out", 2),
            (.rowReduce(dst: u, src: v, tmp: u), .v, .trowmax, "max", -1),
            (.scale(dst: u, src: u, scalar: -0.125), .v, .tmuls, "scale", -1),
            (.binary(dst: v, a: u, b: v), .v, .tsub, "sub", -40_000),
            (.exp(dst: v, src: v), .v, .texp, "exp", -1),
            (.rowExpand(dst: u, src: u, col: v), .v, .trowexpanddiv, "div", 7),
            (.fill(dst: u, value: -.infinity), .v, .texpands, "fill", -1),
            (.fillPad(dst: u, validCols: 17), .v, .tfillpad, "pad", -1),
            (.convert(dst: u, src: v, mode: .castRound), .v, .tcvt, "cvt", -1),
            (.convert(dst: u, src: v, mode: .castRint), .v, .tcvt, "cvt", -1),
            (.setFlag(src: .v, dst: .mte3, id: 5), .v, .setFlag, "", -1),
            (.waitFlag(src: .mte2, dst: .s, id: 7), .s, .waitFlag, "", -1),
            (.barrier, .v, .pipeBarrier, "", -1),
            (.barrierAll, .s, .pipeBarrier, "", -1),
            (.crossSet(flag: 3, targets: CoreSet([1, 2])), .fix, .crossSet, "ready", -1),
            (.crossSet(flag: 3, targets: CoreSet([40])), .fix, .crossSet, "far", -1),
            (.crossWait(flag: 3, count: 2), .s, .crossWait, "wait", -1),
            (.scalarStore(dst: view, bits: 0x3F80_0000), .s, .scalarStore, "st", -1),
            (.dcci(line: view, dirty: 0xF0), .s, .dcci, "dcci", -1),
            (.external(firstAccess: 4, accessCount: 2), .mte2, .external, "", -1),
            (.exp(dst: v, src: v), .v, .texp, StaticString(unicodeScalarLiteral: "e"), -1),
        ]
        var out: [Instruction] = []
        var epoch = 0
        for round in 0..<9 {  // more than one epoch checkpoint (every 64 entries)
            for (action, pipe, op, label, detail) in actions {
                out.append(Instruction(action: action, pipe: pipe, op: op, label: label, detail: detail + round,
                                       index: out.count, scalarEpoch: epoch))
                if pipe == .s { epoch += 1 }
            }
        }
        return out
    }

    static func same(_ x: Instruction, _ y: Instruction) -> Bool {
        "\(x.action)" == "\(y.action)" && x.pipe == y.pipe && x.op == y.op && x.detail == y.detail
            && x.index == y.index && x.scalarEpoch == y.scalarEpoch
            && x.label.description == y.label.description
            && x.label.hasPointerRepresentation == y.label.hasPointerRepresentation
    }

    @Test func everyInstructionComesBackAsIssued() {
        let original = Self.stream()
        let packed = CapturedStream(original)
        #expect(packed.count == original.count)
        for i in original.indices {
            #expect(Self.same(packed[i], original[i]), "position \(i): \(packed[i].action) vs \(original[i].action)")
            #expect("\(packed.action(i))" == "\(original[i].action)" && packed.op(i) == original[i].op)
        }
        let inOrder = Array(packed)
        #expect(inOrder.indices.allSatisfy { Self.same(inOrder[$0], original[$0]) })
    }

    /// A stream whose indices are not positions, or whose epochs are not the scalar count, is still given back
    /// exactly (those entries are kept whole).
    @Test func irregularStreamsAreKeptExactly() {
        var original = Self.stream()
        original[5].index = 999
        original[9].scalarEpoch = 77
        let packed = CapturedStream(original)
        for i in original.indices { #expect(Self.same(packed[i], original[i]), "position \(i)") }
    }
}
