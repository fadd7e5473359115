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

        public init() {}

        public func run() throws {
            guard let trace else { throw UsageError("check needs --trace FILE") }
            let report = try TraceReplay.check(try TraceParser.parseFile(atPath: trace))
            print(json ? report.json() : report.text(), terminator: "")
            if !report.isClean { throw ExitCode(1) }
        }
    }
}
