@testable import PTOCore

/// Shorthand for hand-built trace programs.
enum T {
    typealias E = TraceProgram.Entry

    static func op(_ name: String, _ pipe: Pipe, reads: [(Space, Int, Int)] = [], writes: [(Space, Int, Int)] = [],
                   _ label: String? = nil) -> E {
        let r = reads.map { MemoryRange(space: $0.0, offset: $0.1, bytes: $0.2) }
        let w = writes.map { MemoryRange(space: $0.0, offset: $0.1, bytes: $0.2) }
        return E(instruction: .op(name: name, pipe: pipe, reads: r, writes: w), label: label ?? name)
    }

    static func set(_ src: Pipe, _ dst: Pipe, _ id: Int, _ label: String? = nil) -> E {
        E(instruction: .setFlag(src: src, dst: dst, event: id), label: label)
    }

    static func wait(_ src: Pipe, _ dst: Pipe, _ id: Int, _ label: String? = nil) -> E {
        E(instruction: .waitFlag(src: src, dst: dst, event: id), label: label)
    }

    /// set + wait back to back, as the kernel writes them.
    static func sync(_ src: Pipe, _ dst: Pipe, _ id: Int) -> [E] { [set(src, dst, id), wait(src, dst, id)] }

    static func barrierAll() -> E { E(instruction: .pipeBarrier(.all), label: nil) }

    static func crossSet(_ pipe: Pipe, _ flag: Int, to: [Int], _ label: String? = nil) -> E {
        E(instruction: .crossSet(pipe: pipe, flag: flag, to: to), label: label)
    }

    static func crossWait(_ flag: Int, count: Int = 1, _ label: String? = nil) -> E {
        E(instruction: .crossWait(flag: flag, count: count), label: label)
    }

    static func aic(_ program: [E], name: String = "aic") -> TraceProgram.Core {
        TraceProgram.Core(name: name, kind: .aic, program: program)
    }

    static func aiv(_ program: [E], name: String) -> TraceProgram.Core {
        TraceProgram.Core(name: name, kind: .aiv, program: program)
    }

    static func check(_ cores: TraceProgram.Core...) throws -> CheckReport {
        try TraceReplay.check(TraceProgram(cores: cores))
    }
}
