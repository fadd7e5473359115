/// One in-order execution queue of an AI core. The scalar unit (S) issues every instruction in program order into
/// the queue of the pipe that executes it; each pipe runs its queue in order.
///
/// - `s`: scalar unit (control flow, TASSIGN/TRESHAPE, scalar waits)
/// - `mte1`: L1 → L0A/L0B (AIC)
/// - `mte2`: GM → L1 (AIC), GM → UB (AIV)
/// - `mte3`: UB → GM (AIV), L1 → GM (AIC)
/// - `m`: the cube (AIC)
/// - `v`: the vector unit (AIV)
/// - `fix`: the fixpipe, L0C → GM (AIC)
public enum Pipe: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case s, mte1, mte2, mte3, m, v, fix

    /// Number of pipes, the size of per-pipe tables.
    public static let count = 7

    /// The name pto-isa and CANN use, without the `PIPE_` prefix.
    public var name: String {
        switch self {
        case .s: return "S"
        case .mte1: return "MTE1"
        case .mte2: return "MTE2"
        case .mte3: return "MTE3"
        case .m: return "M"
        case .v: return "V"
        case .fix: return "FIX"
        }
    }

    public var description: String { name }

    /// Parses a pipe name as written in trace files ("MTE2", also "PIPE_MTE2"; case-insensitive).
    public init?(name: String) {
        var key = name.uppercased()
        if key.hasPrefix("PIPE_") { key.removeFirst(5) }
        guard let pipe = Pipe.allCases.first(where: { $0.name == key }) else { return nil }
        self = pipe
    }

    /// Whether this pipe exists on a core of the given kind (the AIC has no V; the AIV has no MTE1, M or FIX).
    public func exists(on kind: CoreKind) -> Bool {
        switch self {
        case .s, .mte2, .mte3: return true
        case .mte1, .m, .fix: return kind == .aic
        case .v: return kind == .aiv
        }
    }
}

/// The operand of `pipe_barrier`: one pipe, or PIPE_ALL (every pipe, the scalar unit included).
public enum BarrierPipe: Sendable, Equatable {
    case pipe(Pipe)
    case all
}
