/// Running an instruction's data effect, and describing it as an issue record.
extension CoreIssuer {
    /// Applies the instruction's effect to the scratchpads and GM. Sync actions are handled by the dispatcher.
    @inline(__always)
    func perform(_ inst: Instruction) throws {
        guard pads.hasStorage else { return }  // trace replay: no data
        switch inst.action {
        case let .load(dst, src):
            DataMovementEffects.load(dst, pads.pointer(dst), src, gmPointer(src))
        case let .store(dst, src):
            DataMovementEffects.store(dst, gmPointer(dst), src, pads.pointer(src))
        case let .move(dst, src):
            let image = (dst.space == .l0a ? pads.l0aImage : pads.l0bImage).unsafelyUnwrapped + dst.byteAddress / 2
            DataMovementEffects.moveToL0(dst, pads.pointer(dst), image: image, src, pads.pointer(src))
        case let .matmul(c, a, b):
            MatmulEffect.run(c: c, cBase: pads.pointer(c),
                             a: a, aImage: pads.l0aImage.unsafelyUnwrapped + a.byteAddress / 2,
                             b: b, bImage: pads.l0bImage.unsafelyUnwrapped + b.byteAddress / 2,
                             accumulate: inst.op == .tmatmulAcc)
        case let .rowReduce(dst, src, _):
            RowEffects.reduce(inst.op, dst, pads.pointer(dst), src, pads.pointer(src))
        case let .scale(dst, src, s):
            ElementwiseEffects.scale(dst, pads.pointer(dst), src, pads.pointer(src), s)
        case let .binary(dst, a, b):
            ElementwiseEffects.binary(inst.op, dst, pads.pointer(dst), a, pads.pointer(a), b, pads.pointer(b))
        case let .exp(dst, src):
            ElementwiseEffects.exp(dst, pads.pointer(dst), src, pads.pointer(src))
        case let .rowExpand(dst, src, col):
            if col.layout == .colMajor { RowEffects.writeScratch(pads.base(.ub), col: col, pads.pointer(col)) }
            RowEffects.expand(inst.op, dst, pads.pointer(dst), src, pads.pointer(src), col, pads.pointer(col))
        case let .fill(dst, value):
            ElementwiseEffects.fill(dst, pads.pointer(dst), value)
        case let .fillPad(dst, validCols):
            ElementwiseEffects.fillPad(dst, pads.pointer(dst), validCols: Int(validCols))
        case let .convert(dst, src, mode):
            ElementwiseEffects.convert(dst, pads.pointer(dst), src, pads.pointer(src), mode)
        case .scalarStore, .dcci:
            performScalarCache(inst.action)
        case .setFlag, .waitFlag, .barrier, .barrierAll, .crossSet, .crossWait, .external:
            break
        }
    }

    @inline(__always)
    private func gmPointer(_ view: GMOperand) -> UnsafeMutableRawPointer {
        context.gm.unsafelyUnwrapped.pointer(Int(view.bufferID)) + view.offset
    }

    /// The issue record of an executed instruction (built only when a sink is attached).
    func makeRecord(_ inst: Instruction) -> IssueRecord {
        var reads: [MemoryRange] = []
        var writes: [MemoryRange] = []
        var event = EventOp.none
        var operandType: ElementType?
        switch inst.action {
        case let .load(dst, src):
            reads = [src.footprint]; writes = [dst.footprint]
        case let .store(dst, src):
            reads = [src.footprint]; writes = [dst.footprint]
        case let .move(dst, src):
            reads = [src.footprint]; writes = [dst.footprint]
        case let .matmul(c, a, b):
            reads = [a.footprint, b.footprint]
            operandType = a.dtype
            if inst.op == .tmatmulAcc { reads.append(c.footprint) }
            writes = [c.footprint]
        case let .rowReduce(dst, src, tmp):
            reads = [src.footprint]; writes = [dst.footprint, tmp.footprint]
        case let .scale(dst, src, _), let .exp(dst, src), let .convert(dst, src, _):
            reads = [src.footprint]; writes = [dst.footprint]
        case let .binary(dst, a, b):
            reads = [a.footprint, b.footprint]; writes = [dst.footprint]
        case let .rowExpand(dst, src, col):
            reads = [src.footprint, col.footprint]; writes = [dst.footprint]
            if col.layout == .colMajor {
                writes.append(RowEffects.scratchRange(rows: Int(col.validRows)))
            }
        case let .fill(dst, _), let .fillPad(dst, _):
            writes = [dst.footprint]
        case .scalarStore:
            // Into the core's own data cache: no GM byte changes until a dcci cleans the line.
            break
        case let .dcci(line, dirty):
            let lineAddress = line.address - line.offset % ChipConfig.scalarCacheLineBytes
            writes = ScalarDataCache.runs(dirty).map {
                MemoryRange(space: .gm, offset: lineAddress + $0.start, bytes: $0.count)
            }
        case let .setFlag(src, dst, id):
            event = .setFlag(src: src, dst: dst, id: Int(id))
        case let .waitFlag(src, dst, id):
            event = .waitFlag(src: src, dst: dst, id: Int(id))
        case .barrier:
            event = .barrier(.pipe(inst.pipe))
        case .barrierAll:
            event = .barrier(.all)
        case let .crossSet(flag, targets):
            event = .crossSet(flag: Int(flag), targets: targets)
        case let .crossWait(flag, count):
            event = .crossWait(flag: Int(flag), count: Int(count))
        case let .external(first, count):
            for (range, isWrite) in externalAccesses[Int(first) ..< Int(first + count)] {
                if isWrite { writes.append(range) } else { reads.append(range) }
            }
        }
        return IssueRecord(core: coreIndex, index: inst.index, pipe: inst.pipe, op: inst.op, label: inst.label,
                           detail: inst.detail, reads: reads, writes: writes, event: event,
                           scalarEpoch: inst.scalarEpoch, operandType: operandType)
    }
}
