import Foundation
import PTOTestSupport
import Testing
@testable import PTOSimCLI

/// `ptosim check --trace`: exit 0 clean, 1 findings, 2 malformed input with a one-line `ptosim: error:`.
@Suite("ptosim check --trace")
struct CheckCommandTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/traces").path

    func check(_ args: [String]) throws -> Subprocess.Result {
        try Subprocess.run(Subprocess.ptosimBinary, ["check"] + args)
    }

    @Test func cleanTraceExitsZero() throws {
        let r = try check(["--trace", "\(Self.examples)/qk_step_clean.json"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("clean:"))
    }

    @Test func findingsExitOneAndPrintJSON() throws {
        let r = try check(["--trace", "\(Self.examples)/ub_missing_sync.json", "--json"])
        #expect(r.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect((object?["hazards"] as? [Any])?.count == 4)
        #expect(r.stderr.isEmpty)
    }

    @Test func malformedTraceExitsTwoWithOneLine() throws {
        let dir = TemporaryDirectory("ptosim-check")
        defer { dir.remove() }
        let path = dir.file("bad.json")
        try #"{"cores": [{"name": "a", "kind": "aic", "program": [{"op": "X", "pipe": "Q"}]}]}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let r = try check(["--trace", path])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "ptosim: error: \(path): core 'a' program[0]: unknown pipe 'Q' in \"pipe\" "
            + "(expected S, MTE1, MTE2, MTE3, M, V or FIX)\n")
    }

    @Test func missingTraceOptionIsAUsageError() throws {
        let r = try check([])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("ptosim: error:"))
    }
}
