/// A byte range of one address space. For GM the offset is a flat GM address; for a local space it is the offset
/// inside the scratchpad of the record's core.
public struct MemoryRange: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var space: Space
    public var offset: Int
    public var bytes: Int

    public init(space: Space, offset: Int, bytes: Int) {
        self.space = space
        self.offset = offset
        self.bytes = bytes
    }

    /// One past the last byte.
    public var end: Int { offset + bytes }

    public var description: String {
        "\(space)[0x\(String(offset, radix: 16)), 0x\(String(end, radix: 16)))"
    }
}

/// The synchronisation side of an instruction, as the hardware sees it.
public enum EventOp: Sendable, Equatable {
    case none
    /// set_flag(src, dst, id): fires on `src` after its earlier work.
    case setFlag(src: Pipe, dst: Pipe, id: Int)
    /// wait_flag(src, dst, id): blocks `dst` (the scalar unit when `dst == .s`) until the bit is set, then clears it.
    case waitFlag(src: Pipe, dst: Pipe, id: Int)
    /// pipe_barrier(pipe) or PIPE_ALL.
    case barrier(BarrierPipe)
    /// An FFTS mode-2 cross-core set of `flag` toward `targets` (core indices).
    case crossSet(flag: Int, targets: CoreSet)
    /// wait_flag_dev: consumes `count` sets of `flag` on the record's core.
    case crossWait(flag: Int, count: Int)
}

/// One executed instruction: the seam between the functional model and everything that analyses a run.
///
/// The race checker (and later the timing model and the trace writer) read only these records, never the kernel or
/// the memories, so a trace written by someone else is checked exactly like an emulated kernel. Records arrive in
/// execution order: an instruction queued behind a blocked pipe is recorded when it runs, after instructions issued
/// later on other pipes. `index` gives the issue order; `scalarEpoch` says which scalar-unit state it was issued under.
public struct IssueRecord: Sendable {
    /// Core index in the cluster (0 = AIC, 1 = AIV0, 2 = AIV1) or in the trace file.
    public var core: Int
    /// Position in the core's issue order (for a trace file: the index in that core's program array).
    public var index: Int
    public var pipe: Pipe
    public var op: Op
    public var label: StaticString
    public var detail: Int
    public var reads: [MemoryRange]
    public var writes: [MemoryRange]
    public var event: EventOp
    /// How many instructions the core's scalar unit (pipe S) had executed when this instruction was issued. Every
    /// record on pipe S advances the count by one after it executes, so a consumer can rebuild the scalar state an
    /// instruction inherited at issue even when it executes later.
    public var scalarEpoch: Int
    /// Element type of the cube's operands for TMATMUL / TMATMUL_ACC (bf16 or fp32), which their byte ranges alone
    /// cannot tell apart from a product with twice (or half) the K; nil for every other instruction and for a
    /// trace-file instruction, which the timing model prices as bf16.
    public var operandType: ElementType?
    /// Valid rows and columns of the destination tile of an element-wise vector instruction (TMULS, TADD, TSUB,
    /// TMUL, TMAX, TEXP, TEXPANDS, TFILLPAD): pto-isa's fitted vector costs are keyed by the tile's width, which a
    /// byte range cannot tell (a 32×64 and a 16×128 fp32 tile span the same bytes). Nil for every other instruction
    /// and for a trace-file instruction, which the timing model prices by its element count.
    public var vectorShape: VectorShape?

    /// Rows and columns of a vector instruction's tile (its valid region).
    public struct VectorShape: Sendable, Equatable {
        public var rows: Int
        public var cols: Int
        public init(rows: Int, cols: Int) {
            self.rows = rows
            self.cols = cols
        }
    }

    public init(core: Int, index: Int, pipe: Pipe, op: Op, label: StaticString, detail: Int,
                reads: [MemoryRange], writes: [MemoryRange], event: EventOp, scalarEpoch: Int,
                operandType: ElementType? = nil, vectorShape: VectorShape? = nil) {
        self.core = core
        self.index = index
        self.pipe = pipe
        self.op = op
        self.label = label
        self.detail = detail
        self.reads = reads
        self.writes = writes
        self.event = event
        self.scalarEpoch = scalarEpoch
        self.operandType = operandType
        self.vectorShape = vectorShape
    }

    /// A record with no operands, to be filled in.
    static var blank: IssueRecord {
        IssueRecord(core: 0, index: 0, pipe: .s, op: .setFlag, label: "", detail: -1, reads: [], writes: [],
                    event: .none, scalarEpoch: 0)
    }

    /// `label` with `detail` appended when it is non-negative: `QK TMOV K->L0B[3]`; empty without a label.
    public var labelText: String { IssueRecord.labelText(label, detail) }

    static func labelText(_ label: StaticString, _ detail: Int) -> String {
        // An unlabelled instruction has no text; its core, index and op identify it.
        guard label.utf8CodeUnitCount > 0 else { return "" }
        let text = label.description
        return detail >= 0 ? "\(text)[\(detail)]" : text
    }
}

/// Receives every executed instruction of a run: the race checker, the timing model, the trace writer.
/// Attaching none costs nothing: records are not even built.
public protocol RecordSink: AnyObject {
    func record(_ r: IssueRecord)
}
