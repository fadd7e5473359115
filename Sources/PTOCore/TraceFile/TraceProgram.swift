/// A program described in the trace-file format `ptosim check --trace` reads: per core, a list of instructions
/// with their pipe, byte ranges and events, and no data. It runs through the same executor, flags and race checker
/// as an emulated kernel, so anyone's kernel can be checked from a description of its instruction stream.
public struct TraceProgram: Sendable, Equatable {
    /// One instruction of a trace file.
    public enum Instruction: Sendable, Equatable {
        /// Any data instruction: it runs on `pipe` and touches the given byte ranges.
        case op(name: String, pipe: Pipe, reads: [MemoryRange], writes: [MemoryRange])
        case setFlag(src: Pipe, dst: Pipe, event: Int)
        case waitFlag(src: Pipe, dst: Pipe, event: Int)
        case pipeBarrier(BarrierPipe)
        /// An FFTS cross-core set of `flag` queued on `pipe`, toward the cores at these indices.
        case crossSet(pipe: Pipe, flag: Int, to: [Int])
        /// wait_flag_dev: stall issue until `count` unconsumed sets of `flag` have arrived, then consume them.
        case crossWait(flag: Int, count: Int)

        /// The pipe the instruction runs on (S for scalar waits and PIPE_ALL).
        public var pipe: Pipe {
            switch self {
            case let .op(_, pipe, _, _): return pipe
            case let .setFlag(src, _, _): return src
            case let .waitFlag(_, dst, _): return dst
            case let .pipeBarrier(b): if case .pipe(let p) = b { return p } else { return .s }
            case let .crossSet(pipe, _, _): return pipe
            case .crossWait: return .s
            }
        }

        /// The op name as the file spells it.
        public var opName: String {
            switch self {
            case let .op(name, _, _, _): return name
            case .setFlag: return "set_flag"
            case .waitFlag: return "wait_flag"
            case .pipeBarrier: return "pipe_barrier"
            case .crossSet: return "cross_set"
            case .crossWait: return "cross_wait"
            }
        }
    }

    /// One instruction and its optional label.
    public struct Entry: Sendable, Equatable {
        public var instruction: Instruction
        public var label: String?
    }

    /// One core of the trace.
    public struct Core: Sendable, Equatable {
        public var name: String
        public var kind: CoreKind
        public var program: [Entry]
    }

    public var cores: [Core]

    /// For each AIC, the AIVs that send it cross-core sets: mode 2 raises its counter only when each has set.
    public var reduceGroups: [[Int]] {
        cores.indices.map { c in
            guard cores[c].kind == .aic else { return [] }
            var sources: [Int] = []
            for (s, core) in cores.enumerated() where core.kind == .aiv {
                let targetsC = core.program.contains {
                    if case let .crossSet(_, _, to) = $0.instruction { return to.contains(c) }
                    return false
                }
                if targetsC { sources.append(s) }
            }
            return sources
        }
    }
}
