/// The data side of a timed run: an instruction takes its operands at its modeled start and its result lands at its
/// modeled completion. `begin` copies the bytes every operand reads (a snapshot); `end` runs the effect on the
/// snapshot and writes the live scratchpads and GM. Between the two, other instructions may change the operands or
/// read the destination: a race then shows its real consequence — a stale tile, an early overwrite.
///
/// GM that no instruction of the run writes (the kernel's inputs) cannot change, so it is read in place.
///
/// One instance runs the effects of the clusters it is given in the order it is told; `TimedEffectLog` lets the
/// clusters' effects run on several threads when they share no GM that one of them writes.
final class TimedEffects: TimedEffectSink {
    struct Block {
        /// The cores whose scratchpads the block's effects use, by slot: where it was captured, or where the
        /// runtime model placed it (`place`).
        var issuers: [CoreIssuer?]
        func core(_ c: Int) -> CoreIssuer { issuers[c].unsafelyUnwrapped }
        let streams: [CapturedStream]
    }

    /// The copies one in-flight instruction took at its start (at most three operands: a TMATMUL_ACC's A, B and C).
    struct Snapshot {
        var count = 0
        var p0: UnsafeMutableRawPointer?
        var p1: UnsafeMutableRawPointer?
        var p2: UnsafeMutableRawPointer?
        var c0: UInt8 = 0, c1: UInt8 = 0, c2: UInt8 = 0

        @inline(__always) func pointer(_ i: Int) -> UnsafeMutableRawPointer {
            (i == 0 ? p0 : i == 1 ? p1 : p2).unsafelyUnwrapped
        }
    }

    private var blocks: [Block]

    /// Runs block `b`'s effects on `issuers` (by slot) from now on: the physical cores the runtime model placed it on.
    func place(block b: Int, cluster: Int, issuers: [CoreIssuer?]) { blocks[b].issuers = issuers }
    private let writtenPages: Set<Int>
    /// Lowest and highest written page: most reads (the kernel's inputs) fall outside and need no set lookup.
    private let writtenPageBounds: ClosedRange<Int>?
    /// Snapshots of the instructions between their start and completion, by `(block * 3 + core) << 32 | index`.
    private var inflight: [Int: Snapshot] = [:]
    private var pool = SnapshotPool()

    init(blocks: [Block], writtenPages: Set<Int>) {
        self.blocks = blocks
        self.writtenPages = writtenPages
        if let lo = writtenPages.min(), let hi = writtenPages.max() { writtenPageBounds = lo...hi } else {
            writtenPageBounds = nil
        }
    }

    deinit {
        pool.releaseAll()
    }

    func begin(block: Int, core: Int, index: Int) {
        let b = blocks[block]
        let pads = b.core(core).pads
        guard pads.hasStorage else { return }
        var copies = Snapshot()
        func copy(_ from: UnsafeRawPointer, _ bytes: Int) {
            let (p, sizeClass) = pool.take(bytes)
            p.copyMemory(from: from, byteCount: bytes)
            switch copies.count {
            case 0: copies.p0 = p; copies.c0 = sizeClass
            case 1: copies.p1 = p; copies.c1 = sizeClass
            default: copies.p2 = p; copies.c2 = sizeClass
            }
            copies.count += 1
        }
        func tile(_ t: TileOperand) { copy(pads.pointer(t), t.footprint.bytes) }
        func image(_ t: TileOperand) {
            let base = (t.space == .l0a ? pads.l0aImage : pads.l0bImage).unsafelyUnwrapped + t.byteAddress / 2
            copy(base, t.elementCount * 4)
        }
        let stream = b.streams[core]
        switch stream.action(index) {
        case let .load(_, src):
            if isImmutable(src.footprint) { return }
            copy(gmPointer(b.core(core), src), src.footprint.bytes)
        case let .store(_, src), let .move(_, src), let .rowReduce(_, src, _), let .scale(_, src, _),
             let .exp(_, src), let .convert(_, src, _):
            tile(src)
        case let .matmul(c, a, bTile):
            image(a)
            image(bTile)
            if stream.op(index) == .tmatmulAcc { tile(c) }
        case let .binary(_, x, y), let .rowExpand(_, x, y):
            tile(x)
            tile(y)
        case .fill, .fillPad, .setFlag, .waitFlag, .barrier, .barrierAll, .crossSet, .crossWait, .scalarStore, .dcci,
             .external:
            return
        }
        inflight[Self.key(block, core, index)] = copies
    }

    func end(block: Int, core: Int, index: Int) {
        let b = blocks[block]
        let pads = b.core(core).pads
        guard pads.hasStorage else { return }
        let stream = b.streams[core]
        let action = stream.action(index), op = stream.op(index)
        let copies = inflight.removeValue(forKey: Self.key(block, core, index)) ?? Snapshot()
        defer {
            if copies.count > 0 { pool.give(copies.p0.unsafelyUnwrapped, copies.c0) }
            if copies.count > 1 { pool.give(copies.p1.unsafelyUnwrapped, copies.c1) }
            if copies.count > 2 { pool.give(copies.p2.unsafelyUnwrapped, copies.c2) }
        }
        func read(_ i: Int) -> UnsafeRawPointer { UnsafeRawPointer(copies.pointer(i)) }
        switch action {
        case let .load(dst, src):
            let from = copies.count == 0 ? UnsafeRawPointer(gmPointer(b.core(core), src)) : read(0)
            DataMovementEffects.load(dst, pads.pointer(dst), src, from)
        case let .store(dst, src):
            DataMovementEffects.store(dst, gmPointer(b.core(core), dst), src, read(0))
        case let .move(dst, src):
            let image = (dst.space == .l0a ? pads.l0aImage : pads.l0bImage).unsafelyUnwrapped + dst.byteAddress / 2
            DataMovementEffects.moveToL0(dst, pads.pointer(dst), image: image, src, read(0))
        case let .matmul(c, a, bTile):
            let accumulate = op == .tmatmulAcc
            if accumulate { pads.pointer(c).copyMemory(from: read(2), byteCount: c.footprint.bytes) }
            MatmulEffect.run(c: c, cBase: pads.pointer(c), a: a, aImage: read(0).assumingMemoryBound(to: Float.self),
                             b: bTile, bImage: read(1).assumingMemoryBound(to: Float.self), accumulate: accumulate)
        case let .rowReduce(dst, src, _):
            RowEffects.reduce(op, dst, pads.pointer(dst), src, read(0))
        case let .scale(dst, src, s):
            ElementwiseEffects.scale(dst, pads.pointer(dst), src, read(0), s)
        case let .binary(dst, x, y):
            ElementwiseEffects.binary(op, dst, pads.pointer(dst), x, read(0), y, read(1))
        case let .exp(dst, src):
            ElementwiseEffects.exp(dst, pads.pointer(dst), src, read(0))
        case let .rowExpand(dst, src, col):
            if col.layout == .colMajor { RowEffects.writeScratch(pads.base(.ub), col: col, read(1)) }
            RowEffects.expand(op, dst, pads.pointer(dst), src, read(0), col, read(1))
        case let .fill(dst, value):
            ElementwiseEffects.fill(dst, pads.pointer(dst), value)
        case let .fillPad(dst, validCols):
            ElementwiseEffects.fillPad(dst, pads.pointer(dst), validCols: Int(validCols))
        case let .convert(dst, src, mode):
            ElementwiseEffects.convert(dst, pads.pointer(dst), src, read(0), mode)
        case .scalarStore, .dcci:
            b.core(core).performScalarCache(action)
        case .setFlag, .waitFlag, .barrier, .barrierAll, .crossSet, .crossWait, .external:
            break
        }
    }

    private static func key(_ block: Int, _ core: Int, _ index: Int) -> Int { (block * 3 + core) << 32 | index }

    private func gmPointer(_ core: CoreIssuer, _ view: GMOperand) -> UnsafeMutableRawPointer {
        core.context.gm.unsafelyUnwrapped.pointer(Int(view.bufferID)) + view.offset
    }

    private func isImmutable(_ range: MemoryRange) -> Bool {
        guard range.bytes > 0 else { return true }
        guard let bounds = writtenPageBounds, (range.end - 1) >> TimedOp.pageShift >= bounds.lowerBound,
              range.offset >> TimedOp.pageShift <= bounds.upperBound else { return true }
        for page in (range.offset >> TimedOp.pageShift)...((range.end - 1) >> TimedOp.pageShift)
        where writtenPages.contains(page) {
            return false
        }
        return true
    }
}

/// Reusable snapshot buffers in power-of-two size classes, so a run does not allocate per instruction.
struct SnapshotPool {
    /// Free buffers by size class (log2 of the size).
    private var free = [[UnsafeMutableRawPointer]](repeating: [], count: 64)
    private var all: [UnsafeMutableRawPointer] = []

    /// A buffer of at least `bytes` bytes and its size class (to hand back with it).
    mutating func take(_ bytes: Int) -> (UnsafeMutableRawPointer, UInt8) {
        let sizeClass = max(6, 64 - UInt64(max(bytes, 1) - 1).leadingZeroBitCount)
        if let p = free[sizeClass].popLast() { return (p, UInt8(sizeClass)) }
        let p = UnsafeMutableRawPointer.allocate(byteCount: 1 << sizeClass, alignment: 64)
        all.append(p)
        return (p, UInt8(sizeClass))
    }

    mutating func give(_ p: UnsafeMutableRawPointer, _ sizeClass: UInt8) {
        free[Int(sizeClass)].append(p)
    }

    mutating func releaseAll() {
        for p in all { p.deallocate() }
        all.removeAll()
        free = [[UnsafeMutableRawPointer]](repeating: [], count: 64)
    }
}
