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
        gm.unsafelyUnwrapped._withUnsafeGuaranteedRef { $0.pointer(Int(view.bufferID)) } + view.offset
    }

    /// The issue record of an executed instruction (built only when a sink is attached).
    func makeRecord(_ inst: Instruction) -> IssueRecord {
        var r = IssueRecord(core: coreIndex, index: 0, pipe: .s, op: .setFlag, label: "", detail: -1, reads: [],
                            writes: [], event: .none, scalarEpoch: 0)
        // One allocation per array, as array literals would make (most instructions have one or two ranges).
        r.reads.reserveCapacity(3)
        r.writes.reserveCapacity(2)
        fillRecord(inst, into: &r)
        return r
    }

    /// Hands the record of an executed instruction to `sink`, built in `sinkRecord`'s reused storage.
    func recordExecuted(_ inst: Instruction, to sink: RecordSink) {
        if sinkRecord.reads.capacity == 0 {
            sinkRecord.reads.reserveCapacity(3)
            sinkRecord.writes.reserveCapacity(2)
        }
        fillRecord(inst, into: &sinkRecord)
        // Handed over from a local: passing the stored property itself makes a copy of the record (retaining its
        // arrays) and destroys it after the call, for every instruction.
        var r = IssueRecord.blank
        swap(&r, &sinkRecord)
        sink.record(r)
        swap(&r, &sinkRecord)
    }

    /// `makeRecord` into an existing record, reusing its arrays' storage (the timed mode prices millions of
    /// instructions one record at a time).
    func fillRecord(_ inst: Instruction, into r: inout IssueRecord) {
        r.reads.removeAll(keepingCapacity: true)
        r.writes.removeAll(keepingCapacity: true)
        var event = EventOp.none
        var operandType: ElementType?
        var vectorShape: IssueRecord.VectorShape?
        func shape(_ t: TileOperand) -> IssueRecord.VectorShape {
            IssueRecord.VectorShape(rows: Int(t.validRows), cols: Int(t.validCols))
        }
        func read(_ x: MemoryRange) { r.reads.append(x) }
        func write(_ x: MemoryRange) { r.writes.append(x) }
        switch inst.action {
        case let .load(dst, src):
            read(src.footprint); write(dst.footprint)
        case let .store(dst, src):
            read(src.footprint); write(dst.footprint)
        case let .move(dst, src):
            read(src.footprint); write(dst.footprint)
        case let .matmul(c, a, b):
            read(a.footprint); read(b.footprint)
            operandType = a.dtype
            if inst.op == .tmatmulAcc { read(c.footprint) }
            write(c.footprint)
        case let .rowReduce(dst, src, tmp):
            read(src.footprint); write(dst.footprint); write(tmp.footprint)
        case let .scale(dst, src, _), let .exp(dst, src):
            read(src.footprint); write(dst.footprint)
            vectorShape = shape(dst)
        case let .convert(dst, src, _):
            read(src.footprint); write(dst.footprint)
        case let .binary(dst, a, b):
            read(a.footprint); read(b.footprint); write(dst.footprint)
            vectorShape = shape(dst)
        case let .rowExpand(dst, src, col):
            read(src.footprint); read(col.footprint); write(dst.footprint)
            if col.layout == .colMajor {
                write(RowEffects.scratchRange(rows: Int(col.validRows)))
            }
        case let .fill(dst, _), let .fillPad(dst, _):
            write(dst.footprint)
            vectorShape = shape(dst)
        case .scalarStore:
            // Into the core's own data cache: no GM byte changes until a dcci cleans the line.
            break
        case let .dcci(line, dirty):
            let lineAddress = line.address - line.offset % ChipConfig.scalarCacheLineBytes
            for run in ScalarDataCache.runs(dirty) {
                write(MemoryRange(space: .gm, offset: lineAddress + run.start, bytes: run.count))
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
                if isWrite { write(range) } else { read(range) }
            }
        }
        r.core = coreIndex
        r.index = inst.index
        r.pipe = inst.pipe
        r.op = inst.op
        r.label = inst.label
        r.detail = inst.detail
        r.event = event
        r.scalarEpoch = inst.scalarEpoch
        r.operandType = operandType
        r.vectorShape = vectorShape
    }
}
