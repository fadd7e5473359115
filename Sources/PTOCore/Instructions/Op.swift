/// What an issued instruction does, as named in reports and traces. Most are PTO instructions; TPUSH/TPOP and the
/// TPipe destructor expand into several primitive steps (a scalar wait, a data move, a cross-core signal), each with
/// its own opcode so a report says which step of the FIFO protocol is involved.
public enum Op: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case tload, tstore, tmov, tmatmul, tmatmulAcc, treshape
    case trowmax, trowsum, tmuls, tmax, tsub, tadd, tmul, texp
    case trowexpandsub, trowexpandmul, trowexpanddiv, texpands, tfillpad, tcvt
    case setFlag, waitFlag, pipeBarrier, crossSet, crossWait
    /// TPUSH's producer-side `wait_flag_dev(F+1)` for a free slot.
    case tpushCreditWait
    /// TPUSH's store of the tile into its GM slot.
    case tpushData
    /// TPUSH's "data ready" cross-core set of F.
    case tpushSignal
    /// TPOP's `wait_flag_dev(F)` for data.
    case tpopWait
    /// TPOP's load of the slot into the local landing slot.
    case tpopData
    /// TPOP's "slot free" cross-core set of F+1.
    case tpopFree
    /// `~TPipe`: the producer's wait for a pending free credit.
    case tpipeDrain
    /// A scalar-unit store of one element to GM (`*(__gm__ float *)p = v` in a kernel .cpp).
    case scalarStore
    /// `dcci`: clean-and-invalidate of one scalar data-cache line toward GM.
    case dcci
    /// An instruction read from a trace file: named by the file, no data effect.
    case external
    /// `Tile::SetValue`: the scalar unit writes one element of a local tile (pipe S).
    case setValue

    /// The pto-isa / CCE spelling.
    public var name: String {
        switch self {
        case .tload: return "TLOAD"
        case .tstore: return "TSTORE"
        case .tmov: return "TMOV"
        case .tmatmul: return "TMATMUL"
        case .tmatmulAcc: return "TMATMUL_ACC"
        case .treshape: return "TRESHAPE"
        case .trowmax: return "TROWMAX"
        case .trowsum: return "TROWSUM"
        case .tmuls: return "TMULS"
        case .tmax: return "TMAX"
        case .tsub: return "TSUB"
        case .tadd: return "TADD"
        case .tmul: return "TMUL"
        case .texp: return "TEXP"
        case .trowexpandsub: return "TROWEXPANDSUB"
        case .trowexpandmul: return "TROWEXPANDMUL"
        case .trowexpanddiv: return "TROWEXPANDDIV"
        case .texpands: return "TEXPANDS"
        case .tfillpad: return "TFILLPAD_INPLACE"
        case .tcvt: return "TCVT"
        case .setFlag: return "set_flag"
        case .waitFlag: return "wait_flag"
        case .pipeBarrier: return "pipe_barrier"
        case .crossSet: return "cross_set"
        case .crossWait: return "cross_wait"
        case .tpushCreditWait: return "TPUSH.wait_credit"
        case .tpushData: return "TPUSH.store"
        case .tpushSignal: return "TPUSH.record"
        case .tpopWait: return "TPOP.wait_data"
        case .tpopData: return "TPOP.load"
        case .tpopFree: return "TPOP.free"
        case .tpipeDrain: return "~TPipe.drain"
        case .scalarStore: return "ST.GM"
        case .dcci: return "dcci"
        case .external: return "op"
        case .setValue: return "SetValue"
        }
    }

    public var description: String { name }
}
