/// One instruction as the timing model schedules it: what it waits for or signals, and its cost.
struct TimedOp {
    enum Kind: UInt8 {
        case compute, transfer, waitFlag, setFlag, barrier, barrierAll, crossSet, crossWait
    }

    var kind: Kind
    var pipe: Pipe
    /// waitFlag / setFlag: the flag slot `(src * 7 + dst) * 8 + id`; crossSet / crossWait: the FFTS flag id.
    var flag: UInt16 = 0
    /// crossWait: how many sets it consumes.
    var count: UInt8 = 0
    /// crossSet: target cores in the cluster, as bits.
    var targets: UInt8 = 0
    /// Whether it moves or computes data (an effect to run in timed data mode).
    var hasEffect = false
    /// A DMA whose bytes come from HBM and so share the die's bandwidth.
    var hbm = false
    /// Duration (compute, sync) or latency before the first byte (transfer), in cycles.
    var cycles: Double
    /// Transfer size and per-core path bandwidth (bytes per cycle).
    var bytes: Double = 0
    var rate: Double = 0

    static func slot(_ src: Pipe, _ dst: Pipe, _ id: Int) -> Int {
        (Int(src.rawValue) * Pipe.count + Int(dst.rawValue)) * ChipConfig.eventIDs + id
    }

    /// The op of `record` priced by `cost`. A GM read whose first page nobody writes during the run misses L2 and
    /// comes from HBM; a read of data some core wrote (the FIFO slots) hits L2.
    init(_ record: IssueRecord, cost: InstructionCost, hbmMissExtraCycles: Double, writtenPages: Set<Int>) {
        pipe = record.pipe
        cycles = cost.cycles
        switch record.event {
        case let .waitFlag(src, dst, id):
            kind = .waitFlag
            flag = UInt16(Self.slot(src, dst, id))
        case let .setFlag(src, dst, id):
            kind = .setFlag
            flag = UInt16(Self.slot(src, dst, id))
        case .barrier(.all):
            kind = .barrierAll
        case .barrier(.pipe):
            kind = .barrier
        case let .crossSet(flag, targets):
            kind = .crossSet
            self.flag = UInt16(flag)
            self.targets = UInt8(truncatingIfNeeded: targets.bits)
        case let .crossWait(flag, count):
            kind = .crossWait
            self.flag = UInt16(flag)
            self.count = UInt8(clamping: count)
        case .none:
            kind = cost.kind == .transfer && cost.bytes > 0 ? .transfer : .compute
            // A scalar store changes only the core's data cache, so its record names no bytes; it still has an effect.
            hasEffect = record.op == .scalarStore
                || (record.op != .external && !(record.reads.isEmpty && record.writes.isEmpty))
            if kind == .transfer {
                bytes = cost.bytes
                rate = cost.bytesPerCycle
                if cost.gmReadAddress >= 0 && !writtenPages.contains(cost.gmReadAddress >> Self.pageShift) {
                    hbm = true
                    if !cost.latencyIsMeasured { cycles += hbmMissExtraCycles }
                }
            } else if cost.kind == .transfer {
                cycles = cost.uncontendedCycles
            }
        }
    }

    /// GM pages (4 KiB) are the unit of "written during the run".
    static let pageShift = 12

    /// Every GM page some record writes.
    static func writtenPages(_ records: some Sequence<IssueRecord>, into pages: inout Set<Int>) {
        for r in records {
            for w in r.writes where w.space == .gm && w.bytes > 0 {
                for page in (w.offset >> pageShift)...((w.end - 1) >> pageShift) { pages.insert(page) }
            }
        }
    }
}
