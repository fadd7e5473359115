import Foundation
import Testing
@testable import PTOCore

@Suite("Trace files: parsing, errors, reports")
struct TraceParserTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/traces")

    func parse(_ json: String) throws -> TraceProgram { try TraceParser.parse(Array(json.utf8), source: "t.json") }

    /// One core wrapping one instruction.
    func one(_ instruction: String, kind: String = "aic") -> String {
        #"{"cores": [{"name": "c0", "kind": "\#(kind)", "program": [\#(instruction)]}, {"name": "v0", "kind": "aiv", "program": []}]}"#
    }

    @Test func parsesEveryInstructionForm() throws {
        let p = try parse(#"""
            {"cores": [
              {"name": "aic0", "kind": "aic", "program": [
                {"op": "TLOAD", "pipe": "MTE2", "reads": [{"space": "GM", "offset": 0, "bytes": 64}],
                 "writes": [{"space": "L1", "offset": 32, "bytes": 64}], "label": "load"},
                {"op": "set_flag", "src": "MTE2", "dst": "MTE1", "event": 3},
                {"op": "wait_flag", "src": "PIPE_MTE2", "dst": "mte1", "event": 3},
                {"op": "pipe_barrier", "pipe": "ALL"},
                {"op": "pipe_barrier", "pipe": "M"},
                {"op": "cross_set", "pipe": "FIX", "flag": 4, "to": ["aiv0"]},
                {"op": "cross_wait", "flag": 5, "count": 2}
              ]},
              {"name": "aiv0", "kind": "aiv", "program": []}
            ]}
            """#)
        let prog = p.cores[0].program.map(\.instruction)
        #expect(prog == [
            .op(name: "TLOAD", pipe: .mte2, reads: [MemoryRange(space: .gm, offset: 0, bytes: 64)],
                writes: [MemoryRange(space: .l1, offset: 32, bytes: 64)]),
            .setFlag(src: .mte2, dst: .mte1, event: 3), .waitFlag(src: .mte2, dst: .mte1, event: 3),
            .pipeBarrier(.all), .pipeBarrier(.pipe(.m)), .crossSet(pipe: .fix, flag: 4, to: [1]),
            .crossWait(flag: 5, count: 2),
        ])
        #expect(p.cores[0].program[0].label == "load")
        #expect(p.cores[1].kind == .aiv)
    }

    /// Malformed files: each error is one line naming the place and the problem.
    @Test(arguments: [
        ("{", "not valid JSON"),
        (#"{"cores": []}"#, "\"cores\" must be a non-empty array"),
        (#"{"cores": [{"name": "x", "kind": "gpu", "program": []}]}"#, "\"kind\" must be \"aic\" or \"aiv\", got 'gpu'"),
        (#"{"cores": [{"name": "x", "kind": "aic", "program": []}, {"name": "x", "kind": "aiv", "program": []}]}"#,
         "duplicate core name 'x'"),
        (#"{"cores": [], "extra": 1}"#, "unknown key \"extra\""),
    ])
    func malformedStructure(json: String, message: String) {
        #expect { try parse(json) } throws: { "\($0)".contains(message) && !"\($0)".contains("\n") }
    }

    @Test(arguments: [
        (#"{"op": "TLOAD", "pipe": "MTE4"}"#, "program[0]: unknown pipe 'MTE4'"),
        (#"{"op": "TADD", "pipe": "V"}"#, "pipe V does not exist on an AIC"),
        (#"{"op": "X", "pipe": "M", "reads": [{"space": "HBM", "offset": 0, "bytes": 4}]}"#, "unknown space 'HBM'"),
        (#"{"op": "X", "pipe": "M", "reads": [{"space": "UB", "offset": 0, "bytes": 4}]}"#, "an AIC has no UB"),
        (#"{"op": "X", "pipe": "M", "reads": [{"space": "GM", "offset": -8, "bytes": 4}]}"#, "\"offset\" must not be negative"),
        (#"{"op": "X", "pipe": "M", "reads": [{"space": "GM", "offset": 9223372036854775800, "bytes": 100}]}"#, "overflows"),
        (#"{"op": "X", "pipe": "M", "reads": [{"space": "GM", "offset": 99999999999999999999, "bytes": 1}]}"#, "overflows"),
        (#"{"op": "X", "pipe": "M", "reads": [{"space": "GM", "offset": 1.5, "bytes": 1}]}"#, "must be an integer"),
        (#"{"op": "X", "pipe": "M", "reads": [{"space": "GM", "offset": true, "bytes": 1}]}"#, "must be an integer"),
        (#"{"op": "X", "pipe": "M", "reads": [{"space": "L0A", "offset": 65000, "bytes": 1024}]}"#, "exceed the L0A capacity of 65536"),
        (#"{"op": "X", "pipe": "M", "writes": [{"space": "GM", "offset": 0, "bytes": 0}]}"#, "\"bytes\" = 0 is outside 1..."),
        (#"{"op": "set_flag", "src": "MTE2", "dst": "MTE1", "event": 8}"#, "\"event\" = 8 is outside 0...7"),
        (#"{"op": "set_flag", "src": "M", "dst": "M", "event": 0}"#, "src and dst are both M"),
        (#"{"op": "set_flag", "src": "M", "dst": "FIX"}"#, "missing \"event\""),
        (#"{"op": "set_flags", "src": "M", "dst": "FIX", "event": 0}"#, "unknown op 'set_flags'"),
        (#"{"op": "pipe_barrier", "pipe": "S"}"#, "pipe_barrier(S)"),
        (#"{"op": "cross_set", "pipe": "FIX", "flag": 0, "to": ["nobody"]}"#, "unknown core"),
        (#"{"op": "cross_set", "pipe": "FIX", "flag": 16, "to": ["v0"]}"#, "\"flag\" = 16 is outside 0...15"),
        (#"{"op": "cross_wait", "flag": 1, "count": 0}"#, "\"count\" = 0 is outside 1...15"),
        (#"{"pipe": "M"}"#, "missing \"op\""),
    ])
    func malformedInstruction(instruction: String, message: String) {
        #expect { try parse(one(instruction)) } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("t.json: core 'c0' program[0]") && text.contains(message)
        }
    }

    @Test func exampleTracesGiveTheDocumentedResults() throws {
        let clean = try TraceReplay.check(TraceParser.parseFile(atPath: Self.examples.appendingPathComponent("qk_step_clean.json").path))
        #expect(clean.isClean, "\(clean.text())")
        let missing = try TraceReplay.check(TraceParser.parseFile(atPath: Self.examples.appendingPathComponent("ub_missing_sync.json").path))
        #expect(missing.hazards.map(\.kind) == [.raw, .waw, .waw, .war])
        let shared = try TraceReplay.check(TraceParser.parseFile(atPath: Self.examples.appendingPathComponent("shared_event_race.json").path))
        #expect(shared.lostSignals.count == 1 && shared.deadlock?.count == 1)
    }

    /// The JSON report has exactly the documented keys and parses back.
    @Test func jsonReportShape() throws {
        let report = try TraceReplay.check(TraceParser.parseFile(atPath: Self.examples.appendingPathComponent("ub_missing_sync.json").path))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["hazards", "deadlock", "lost_signals", "leftover_flags", "warnings"])
        let first = try #require((object["hazards"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["kind", "space", "offset", "bytes", "first", "second"])
        #expect(first["kind"] as? String == "RAW" && first["space"] as? String == "UB")
        let site = try #require(first["second"] as? [String: Any])
        #expect(Set(site.keys) == ["core", "index", "pipe", "label"])
        #expect(site["index"] as? Int == 1 && site["pipe"] as? String == "V" && site["core"] as? String == "aiv0")
        #expect(object["deadlock"] is NSNull)
    }

    @Test func missingFileIsAOneLineError() {
        #expect { try TraceParser.parseFile(atPath: "/nonexistent/trace.json") } throws: {
            "\($0)" == "/nonexistent/trace.json: cannot open: No such file or directory"
        }
        #expect { try TraceParser.parseFile(atPath: "/tmp") } throws: {
            "\($0)" == "/tmp: is a directory, not a trace file"
        }
        #expect { try TraceParser.parseFile(atPath: "/dev/null") } throws: {
            "\($0)".hasPrefix("/dev/null: not valid JSON")
        }
    }
}
