/// One instruction as the timing model schedules it: what it waits for or signals, and its cost.
///
/// 24 bytes: the timed mode holds one per instruction of the launch (Case1: 2.1 M) for the whole simulation.
struct TimedOp {
    enum Kind: UInt8 {
        case compute, transfer, waitFlag, setFlag, barrier, barrierAll, crossSet, crossWait
    }

    /// The kind (bits 0...3), `hasEffect` (bit 4) and `hbm` (bit 5).
    private var bits: UInt8 = 0
    var pipe: Pipe
    /// waitFlag / setFlag: the flag slot `(src * 7 + dst) * 8 + id`; crossSet / crossWait: the FFTS flag id.
    var flag: UInt16 = 0
    /// transfer: its size in bytes; crossWait: how many sets it consumes; crossSet: its target cores as bits.
    private var payload: UInt32 = 0
    /// Duration (compute, sync) or latency before the first byte (transfer), in cycles.
    var cycles: Double
    /// Transfer: per-core path bandwidth (bytes per cycle).
    var rate: Double = 0

    var kind: Kind {
        @inline(__always) get { Kind(rawValue: bits & 0xF).unsafelyUnwrapped }
        set { bits = bits & ~0xF | newValue.rawValue }
    }
    /// Whether it moves or computes data (an effect to run in timed data mode).
    var hasEffect: Bool {
        @inline(__always) get { bits & 0x10 != 0 }
        set { bits = newValue ? bits | 0x10 : bits & ~0x10 }
    }
    /// A DMA whose bytes come from HBM and so share the die's bandwidth.
    var hbm: Bool {
        @inline(__always) get { bits & 0x20 != 0 }
        set { bits = newValue ? bits | 0x20 : bits & ~0x20 }
    }
    /// Transfer size in bytes (exact: sizes are whole bytes).
    var bytes: Double { @inline(__always) get { Double(payload) } }
    /// crossWait: how many sets it consumes.
    var count: UInt8 { @inline(__always) get { UInt8(truncatingIfNeeded: payload) } }
    /// crossSet: target cores in the cluster, as bits.
    var targets: UInt8 { @inline(__always) get { UInt8(truncatingIfNeeded: payload) } }

    static func slot(_ src: Pipe, _ dst: Pipe, _ id: Int) -> Int {
        (Int(src.rawValue) * Pipe.count + Int(dst.rawValue)) * ChipConfig.eventIDs + id
    }

    /// The op of `record` priced by `cost`. A GM read whose first page nobody writes during the run misses L2 and
    /// comes from HBM; a read of data some core wrote (the FIFO slots) hits L2.
    init(_ record: IssueRecord, cost: InstructionCost, hbmMissExtraCycles: Double, writtenPages: Set<Int>) {
        pipe = record.pipe
        cycles = cost.cycles
        var kind = Kind.compute
        defer { self.kind = kind }
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
            payload = UInt32(UInt8(truncatingIfNeeded: targets.bits))
        case let .crossWait(flag, count):
            kind = .crossWait
            self.flag = UInt16(flag)
            payload = UInt32(UInt8(clamping: count))
        case .none:
            kind = cost.kind == .transfer && cost.bytes > 0 ? .transfer : .compute
            // A scalar store changes only the core's data cache, so its record names no bytes; it still has an effect.
            hasEffect = record.op == .scalarStore
                || (record.op != .external && !(record.reads.isEmpty && record.writes.isEmpty))
            if kind == .transfer {
                guard let size = UInt32(exactly: cost.bytes) else {
                    preconditionFailure("a transfer of \(cost.bytes) bytes: the timed model holds whole sizes below 4 GiB")
                }
                payload = size
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
