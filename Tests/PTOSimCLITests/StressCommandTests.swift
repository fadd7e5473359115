import Foundation
import PTOTestSupport
import Testing
@testable import PTOSimCLI

/// `ptosim stress`, run as the built binary: JSON output, exit statuses and one-line errors.
@Suite struct StressCommandTests {
    /// Runs the `ptosim` binary next to the test bundle; returns (status, stdout, stderr, seconds).
    private func ptosim(_ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, out: String, err: String, seconds: Double) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("ptosim")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment
            .filter { !$0.key.hasPrefix("PTO2_") }.merging(environment) { $1 }
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        let started = Date()
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self),
                String(decoding: errData, as: UTF8.self), Date().timeIntervalSince(started))
    }

    @Test func jsonReportsACleanRun() throws {
        let r = try ptosim(["stress", "--tasks", "400", "--seed", "3", "--clusters", "8", "--json"])
        #expect(r.status == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(json["tasks"] as? Int == 400)
        #expect(json["violations"] as? Int == 0 && json["mismatches"] as? Int == 0)
        let wraps = try #require(json["ring_wraps"] as? [String: Int])
        #expect(Set(wraps.keys) == ["task_window", "heap", "dep_pool"] && wraps["task_window"]! > 0)
        #expect((json["max_in_flight"] as? Int).map { $0 <= 63 } == true)
        #expect(json["backpressure_waits"] is Int && json["wall_seconds"] is Double)
        #expect(r.out.hasPrefix("{\"tasks\": 400, \"violations\": 0, "))
    }

    @Test func aScopeLargerThanTheWindowExitsTwoWithinASecond() throws {
        let r = try ptosim(["stress", "--task-window", "16", "--scope-tasks", "32"])
        #expect(r.status == 2)
        #expect(r.err == "ptosim: error: scope deadlock on ring 1: the scope at depth 1 already holds 15 tasks and the "
            + "task window is 16 (a scope may hold at most 15); raise PTO2_RING_TASK_WINDOW (--task-window) or split "
            + "the scope\n")
        #expect(r.out.isEmpty && r.seconds < TestTiming.bound(1))
    }

    @Test(arguments: [
        (["--heap", "4X"], [:], "ptosim: error: --heap 4X: expected a byte count such as 4194304, 4M or 512KiB"),
        (["--clusters", "0"], [:], "ptosim: error: invalid runtime configuration: cluster count is 0; expected 1...4096"),
        (["--tasks", "0"], [:], "ptosim: error: --tasks is 0; it must be at least 1"),
        ([], ["PTO2_RING_TASK_WINDOW": "100"], "ptosim: error: invalid runtime configuration: ring 0 task window is "
            + "100; PTO2_RING_TASK_WINDOW must be a power of two >= 4"),
    ] as [([String], [String: String], String)])
    func badInputIsOneLineAndExitTwo(arguments: [String], environment: [String: String], message: String) throws {
        let r = try ptosim(["stress", "--tasks", "50"] + arguments, environment: environment)
        #expect(r.status == 2)
        #expect(r.err == message + "\n")
    }

    @Test func environmentSizesApplyWhenNoFlagIsGiven() throws {
        let r = try ptosim(["stress", "--tasks", "300", "--json"], environment: ["PTO2_RING_TASK_WINDOW": "16",
                                                                                 "PTO2_RING_HEAP": "64K"])
        // "64K" is not a valid environment value (the environment takes plain integers).
        #expect(r.status == 2 && r.err.contains("PTO2_RING_HEAP=64K"))
        let ok = try ptosim(["stress", "--tasks", "300", "--scope-tasks", "8", "--json"],
                            environment: ["PTO2_RING_TASK_WINDOW": "16"])
        #expect(ok.status == 0, "\(ok.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ok.out.utf8)) as? [String: Any])
        #expect((json["max_in_flight"] as? Int).map { $0 <= 15 } == true)
    }

    @Test func byteSizesParse() throws {
        #expect(try PTOSimCommand.Stress.parseBytes("4194304") == 4 << 20)
        #expect(try PTOSimCommand.Stress.parseBytes("4M") == 4 << 20)
        #expect(try PTOSimCommand.Stress.parseBytes("512KiB") == 512 << 10)
        #expect(throws: (any Error).self) { try PTOSimCommand.Stress.parseBytes("-1") }
    }
}
