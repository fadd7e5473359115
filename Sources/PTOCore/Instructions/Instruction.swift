/// The data or sync action of one issued instruction. Payloads are trivially copyable (operands by value, no
/// closures or references) so that queuing an instruction costs a copy and never an allocation.
enum Action {
    case load(dst: TileOperand, src: GMOperand)
    case store(dst: GMOperand, src: TileOperand)
    case move(dst: TileOperand, src: TileOperand)
    case matmul(c: TileOperand, a: TileOperand, b: TileOperand)
    /// TROWMAX / TROWSUM (`op` says which); `tmp` is written scratch.
    case rowReduce(dst: TileOperand, src: TileOperand, tmp: TileOperand)
    /// TMULS.
    case scale(dst: TileOperand, src: TileOperand, scalar: Float)
    /// TADD / TSUB / TMUL / TMAX.
    case binary(dst: TileOperand, a: TileOperand, b: TileOperand)
    /// TEXP.
    case exp(dst: TileOperand, src: TileOperand)
    /// TROWEXPANDSUB / MUL / DIV.
    case rowExpand(dst: TileOperand, src: TileOperand, col: TileOperand)
    /// TEXPANDS.
    case fill(dst: TileOperand, value: Float)
    /// TFILLPAD_INPLACE with PadValue::Min: columns `validCols ..< dst.validCols` become -inf.
    case fillPad(dst: TileOperand, validCols: Int32)
    case convert(dst: TileOperand, src: TileOperand, mode: RoundMode)
    case setFlag(src: Pipe, dst: Pipe, id: UInt8)
    case waitFlag(src: Pipe, dst: Pipe, id: UInt8)
    /// pipe_barrier on one pipe (the instruction's pipe).
    case barrier
    /// pipe_barrier(PIPE_ALL), executed by the scalar unit.
    case barrierAll
    /// A cross-core (FFTS) set of `flag` toward every core in `targets`.
    case crossSet(flag: UInt8, targets: CoreSet)
    /// `wait_flag_dev`: stall scalar issue until `count` sets of `flag` are available, then consume them.
    case crossWait(flag: UInt8, count: UInt8)
    /// A scalar store of one 32-bit element (`bits`) to `dst` (a 1 x 1 view), into the scalar data cache.
    case scalarStore(dst: GMOperand, bits: UInt32)
    /// `dcci` of the scalar data-cache line holding `line`'s first byte; `dirty`: the line's bytes the stores issued
    /// before it wrote (bit i = byte i of the line), which it writes back to GM.
    case dcci(line: GMOperand, dirty: UInt64)
    /// A trace-file instruction: `accessCount` ranges from the core's access table, starting at `firstAccess`.
    case external(firstAccess: Int32, accessCount: Int32)
}

/// One issued instruction: its action, the pipe that runs it, its label and its place in the core's issue order.
struct Instruction {
    var action: Action
    var pipe: Pipe
    var op: Op
    var label: StaticString
    var detail: Int
    /// Position in the core's issue order.
    var index: Int = 0
    /// Scalar sync points the core had executed when this was issued (see `IssueRecord.scalarEpoch`).
    var scalarEpoch: Int = 0
}

/// A set of cores of one cluster or trace, by index (at most 64).
public struct CoreSet: Sendable, Equatable, Sequence {
    public var bits: UInt64

    public init(bits: UInt64 = 0) { self.bits = bits }
    public init(_ cores: [Int]) {
        bits = 0
        for c in cores { insert(c) }
    }

    public mutating func insert(_ core: Int) { bits |= 1 << UInt64(core) }
    public func contains(_ core: Int) -> Bool { core >= 0 && core < 64 && bits & (1 << UInt64(core)) != 0 }
    public var isEmpty: Bool { bits == 0 }

    public func makeIterator() -> Iterator { Iterator(rest: bits) }

    /// The members in increasing order. A plain value (not a type-erased iterator), so walking a set allocates
    /// nothing: every cross-core set walks its targets.
    public struct Iterator: IteratorProtocol {
        var rest: UInt64

        public mutating func next() -> Int? {
            guard rest != 0 else { return nil }
            let c = rest.trailingZeroBitCount
            rest &= rest - 1
            return c
        }
    }
}
