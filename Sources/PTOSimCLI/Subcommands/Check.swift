import ArgumentParser
import PTOCore

extension PTOSimCommand {
    /// `ptosim check`: the synchronisation checker for any kernel described as a trace file.
    public struct Check: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Check a program's synchronisation: data races, deadlocks, lost signals, leftover flags.",
            discussion: """
                --trace FILE reads a program in the trace format the README documents (per core: instructions \
                with their pipe, the byte ranges they read and write, set_flag/wait_flag, pipe_barrier and \
                cross-core sets/waits), replays it through the emulator's pipes and flags, and reports every pair \
                of conflicting accesses that happens-before leaves unordered. Exit status: 0 clean, 1 something \
                was reported, 2 malformed input.
                """)

        @Option(name: .long, help: "A trace-format JSON program to check.")
        public var trace: String?

        @Flag(name: .long, help: "Print the findings as JSON.")
        public var json = false

        @Option(name: .long, help: ArgumentHelp(
            "Pipes whose consecutive instructions may overlap, comma-separated (e.g. V): only pipe_barrier orders them.",
            discussion: "Finds a missing pipe_barrier(PIPE_V) between dependent vector instructions."))
        public var overlap: String?

        public init() {}

        public func run() throws {
            guard let trace else { throw UsageError("check needs --trace FILE") }
            let pipes = try overlappingPipes()
            let report = try TraceReplay.check(try TraceParser.parseFile(atPath: trace), overlappingPipes: pipes)
            print(json ? report.json() : report.text(), terminator: "")
            if !report.isClean { throw ExitCode(1) }
        }

        private func overlappingPipes() throws -> Set<Pipe> {
            guard let overlap else { return [] }
            return Set(try overlap.split(separator: ",").map { name in
                guard let pipe = Pipe(name: name.filter { $0 != " " }) else {
                    throw UsageError("--overlap: unknown pipe '\(name)' (expected S, MTE1, MTE2, MTE3, M, V or FIX)")
                }
                return pipe
            })
        }
    }
}
