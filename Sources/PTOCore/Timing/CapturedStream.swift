/// One core's captured instruction stream in the timed mode, packed: 16 bytes per instruction instead of an
/// `Instruction`'s 128.
///
/// The timed mode holds every instruction of every block at once (Case1: 2.1 M) until the simulation has run their
/// effects, so the stream's size is most of what the mode adds to a run's memory. A kernel reuses a handful of tile
/// operands (its ping-pong buffers) and labels over and over, so an entry names them by index into small tables of
/// the stream; GM operands, which differ from one load to the next, sit in a side table; an instruction that does not
/// fit the packed form (a rare action, a value out of range) is kept whole in another. An instruction's scalar epoch
/// (the scalar-unit instructions issued before it) is counted from the entries' pipes, with a checkpoint every 64
/// entries. Reading entry `i` rebuilds the same `Instruction` the core issued, so everything downstream (issue
/// records, pricing, effects) sees what it saw.
struct CapturedStream: RandomAccessCollection {
    /// One packed instruction. `kind` says which `Action` it holds and how the operand fields are used.
    private struct Entry {
        var kind: Kind
        var pipe: Pipe
        var op: Op
        /// A flag id, a round mode or a count, by kind.
        var small: UInt8 = 0
        var label: UInt16 = 0
        var detail: Int16 = 0
        /// Tile operands by index into `tiles` (or, for flags, the source and destination pipes).
        var t0: UInt16 = 0, t1: UInt16 = 0
        /// A third tile's index, a GM operand's index in `gms`, a float's bits, a count, or the index of a whole
        /// instruction in `whole`.
        var word: UInt32 = 0
    }

    private enum Kind: UInt8 {
        case load, store, move, matmul, rowReduce, scale, binary, exp, rowExpand, fill, fillPad, convert
        case setFlag, waitFlag, barrier, barrierAll, crossSet, crossWait
        /// Kept whole in `whole`.
        case whole
    }

    private var entries: [Entry] = []
    private var tiles: [TileOperand] = []
    private var gms: [GMOperand] = []
    private var labels: [StaticString] = []
    private var whole: [Instruction] = []
    /// The scalar epoch of entries 0, 64, 128, …
    private var epochs: [UInt32] = []
    private static let epochStride = 64

    init() {}

    /// Packs `stream` (issue order: entry `i` must have index `i`).
    init(_ stream: [Instruction]) {
        entries.reserveCapacity(stream.count)
        var tileIndex: [TileKey: UInt16] = [:]
        var labelIndex: [UInt: UInt16] = [:]
        var lastLabel: (UInt, UInt16)?
        func tile(_ t: TileOperand) -> UInt16? {
            let key = TileKey(t)
            if let i = tileIndex[key] { return i }
            guard tiles.count < Int(UInt16.max) else { return nil }
            tiles.append(t)
            tileIndex[key] = UInt16(tiles.count - 1)
            return UInt16(tiles.count - 1)
        }
        func gm(_ g: GMOperand) -> UInt32? {
            guard gms.count < Int(UInt32.max) else { return nil }
            gms.append(g)
            return UInt32(gms.count - 1)
        }
        func label(_ s: StaticString) -> UInt16? {
            guard s.hasPointerRepresentation else { return nil }
            let key = UInt(bitPattern: s.utf8Start)
            if let last = lastLabel, last.0 == key { return last.1 }
            let i: UInt16
            if let known = labelIndex[key] {
                i = known
            } else {
                guard labels.count < Int(UInt16.max) else { return nil }
                labels.append(s)
                i = UInt16(labels.count - 1)
                labelIndex[key] = i
            }
            lastLabel = (key, i)
            return i
        }
        var epoch = 0
        func pack(_ inst: Instruction, at position: Int) -> Entry? {
            guard inst.index == position, inst.scalarEpoch == epoch, let detail = Int16(exactly: inst.detail),
                  let l = label(inst.label) else { return nil }
            var e = Entry(kind: .whole, pipe: inst.pipe, op: inst.op, label: l, detail: detail)
            func tiles(_ a: TileOperand, _ b: TileOperand? = nil, _ c: TileOperand? = nil) -> Bool {
                guard let i = tile(a) else { return false }
                e.t0 = i
                if let b { guard let j = tile(b) else { return false }; e.t1 = j }
                if let c { guard let k = tile(c) else { return false }; e.word = UInt32(k) }
                return true
            }
            switch inst.action {
            case let .load(dst, src):
                guard tiles(dst), let g = gm(src) else { return nil }
                e.kind = .load; e.word = g
            case let .store(dst, src):
                guard tiles(src), let g = gm(dst) else { return nil }
                e.kind = .store; e.word = g
            case let .move(dst, src):
                guard tiles(dst, src) else { return nil }
                e.kind = .move
            case let .matmul(c, a, b):
                guard tiles(c, a, b) else { return nil }
                e.kind = .matmul
            case let .rowReduce(dst, src, tmp):
                guard tiles(dst, src, tmp) else { return nil }
                e.kind = .rowReduce
            case let .scale(dst, src, scalar):
                guard tiles(dst, src) else { return nil }
                e.kind = .scale; e.word = scalar.bitPattern
            case let .binary(dst, a, b):
                guard tiles(dst, a, b) else { return nil }
                e.kind = .binary
            case let .exp(dst, src):
                guard tiles(dst, src) else { return nil }
                e.kind = .exp
            case let .rowExpand(dst, src, col):
                guard tiles(dst, src, col) else { return nil }
                e.kind = .rowExpand
            case let .fill(dst, value):
                guard tiles(dst) else { return nil }
                e.kind = .fill; e.word = value.bitPattern
            case let .fillPad(dst, validCols):
                guard tiles(dst) else { return nil }
                e.kind = .fillPad; e.word = UInt32(bitPattern: validCols)
            case let .convert(dst, src, mode):
                guard tiles(dst, src) else { return nil }
                e.kind = .convert; e.small = mode == .castRint ? 0 : 1
            case let .setFlag(src, dst, id), let .waitFlag(src, dst, id):
                if case .setFlag = inst.action { e.kind = .setFlag } else { e.kind = .waitFlag }
                e.small = id; e.t0 = UInt16(src.rawValue); e.t1 = UInt16(dst.rawValue)
            case .barrier:
                e.kind = .barrier
            case .barrierAll:
                e.kind = .barrierAll
            case let .crossSet(flag, targets):
                guard let bits = UInt32(exactly: targets.bits) else { return nil }
                e.kind = .crossSet; e.small = flag; e.word = bits
            case let .crossWait(flag, count):
                e.kind = .crossWait; e.small = flag; e.word = UInt32(count)
            case .scalarStore, .dcci, .external:
                return nil
            }
            return e
        }
        epochs.reserveCapacity(stream.count / Self.epochStride + 1)
        for (position, inst) in stream.enumerated() {
            if position % Self.epochStride == 0 { epochs.append(UInt32(truncatingIfNeeded: epoch)) }
            if let e = pack(inst, at: position) {
                entries.append(e)
            } else {
                whole.append(inst)
                entries.append(Entry(kind: .whole, pipe: inst.pipe, op: inst.op, word: UInt32(whole.count - 1)))
            }
            if inst.pipe == .s { epoch += 1 }
        }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { entries.count }

    /// The instruction at issue position `i`, as the core issued it.
    subscript(i: Int) -> Instruction {
        var epoch = Int(epochs[i / Self.epochStride])
        for k in (i - i % Self.epochStride)..<i where entries[k].pipe == .s { epoch += 1 }
        return instruction(i, epoch: epoch)
    }

    @inline(__always)
    private func instruction(_ i: Int, epoch: Int) -> Instruction {
        let e = entries[i]
        if e.kind == .whole { return whole[Int(e.word)] }
        return Instruction(action: action(e), pipe: e.pipe, op: e.op, label: labels[Int(e.label)],
                           detail: Int(e.detail), index: i, scalarEpoch: epoch)
    }

    /// In order, counting the scalar epoch as it goes (no checkpoint scan per instruction).
    struct Iterator: IteratorProtocol {
        let stream: CapturedStream
        var position = 0, epoch = 0

        mutating func next() -> Instruction? {
            guard position < stream.entries.count else { return nil }
            let inst = stream.instruction(position, epoch: epoch)
            if stream.entries[position].pipe == .s { epoch += 1 }
            position += 1
            return inst
        }
    }

    func makeIterator() -> Iterator { Iterator(stream: self) }

    /// The action of instruction `i` alone (what the data effects read).
    func action(_ i: Int) -> Action {
        let e = entries[i]
        return e.kind == .whole ? whole[Int(e.word)].action : action(e)
    }

    /// The opcode of instruction `i`.
    func op(_ i: Int) -> Op { entries[i].op }

    /// Whether instruction `i` may name GM (a load, a store, or one kept whole: scalar stores, dcci, trace ops):
    /// what the passes over GM pages look at, without rebuilding the others.
    func mayTouchGM(_ i: Int) -> Bool {
        let kind = entries[i].kind
        return kind == .load || kind == .store || kind == .whole
    }

    @inline(__always)
    private func action(_ e: Entry) -> Action {
        @inline(__always) func t(_ i: UInt16) -> TileOperand { tiles[Int(i)] }
        @inline(__always) func t3(_ i: UInt32) -> TileOperand { tiles[Int(i)] }
        switch e.kind {
        case .load: return .load(dst: t(e.t0), src: gms[Int(e.word)])
        case .store: return .store(dst: gms[Int(e.word)], src: t(e.t0))
        case .move: return .move(dst: t(e.t0), src: t(e.t1))
        case .matmul: return .matmul(c: t(e.t0), a: t(e.t1), b: t3(e.word))
        case .rowReduce: return .rowReduce(dst: t(e.t0), src: t(e.t1), tmp: t3(e.word))
        case .scale: return .scale(dst: t(e.t0), src: t(e.t1), scalar: Float(bitPattern: e.word))
        case .binary: return .binary(dst: t(e.t0), a: t(e.t1), b: t3(e.word))
        case .exp: return .exp(dst: t(e.t0), src: t(e.t1))
        case .rowExpand: return .rowExpand(dst: t(e.t0), src: t(e.t1), col: t3(e.word))
        case .fill: return .fill(dst: t(e.t0), value: Float(bitPattern: e.word))
        case .fillPad: return .fillPad(dst: t(e.t0), validCols: Int32(bitPattern: e.word))
        case .convert: return .convert(dst: t(e.t0), src: t(e.t1), mode: e.small == 0 ? .castRint : .castRound)
        case .setFlag:
            return .setFlag(src: Pipe(rawValue: UInt8(e.t0)).unsafelyUnwrapped,
                            dst: Pipe(rawValue: UInt8(e.t1)).unsafelyUnwrapped, id: e.small)
        case .waitFlag:
            return .waitFlag(src: Pipe(rawValue: UInt8(e.t0)).unsafelyUnwrapped,
                             dst: Pipe(rawValue: UInt8(e.t1)).unsafelyUnwrapped, id: e.small)
        case .barrier: return .barrier
        case .barrierAll: return .barrierAll
        case .crossSet: return .crossSet(flag: e.small, targets: CoreSet(bits: UInt64(e.word)))
        case .crossWait: return .crossWait(flag: e.small, count: UInt8(truncatingIfNeeded: e.word))
        case .whole: preconditionFailure("a whole instruction has no packed action")
        }
    }

    /// A tile operand's fields as a hashable key (the packer's table lookup).
    private struct TileKey: Hashable {
        let a: UInt64, b: UInt64, c: UInt64
        init(_ t: TileOperand) {
            a = UInt64(UInt32(bitPattern: t.address)) << 32 | UInt64(UInt32(bitPattern: t.rows))
            b = UInt64(UInt32(bitPattern: t.cols)) << 32 | UInt64(UInt32(bitPattern: t.validRows))
            c = UInt64(UInt32(bitPattern: t.validCols)) << 32 | UInt64(t.space.rawValue) << 16
                | UInt64(t.dtype.rawValue) << 8 | (t.layout == .rowMajor ? 0 : 1)
        }
    }
}
