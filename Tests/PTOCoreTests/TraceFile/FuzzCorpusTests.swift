import Foundation
import Testing
import PTOTestSupport
@testable import PTOCore

/// Trace files libFuzzer found interesting, kept as regression tests: each must parse and replay to the same
/// verdict (`clean`, or the kinds of findings), or be rejected in one line that names the file.
@Suite struct TraceFuzzCorpusTests {
    static let corpus = CorpusManifest(URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Corpus/trace").path)

    /// `error`, `clean`, or the non-empty finding kinds joined by `+` (hazards, deadlock, lost, leftover, warning,
    /// fault).
    static func outcome(_ path: String) -> String {
        let program: TraceProgram
        do {
            program = try TraceParser.parseFile(atPath: path)
        } catch {
            #expect("\(error)".hasPrefix(path) && !"\(error)".contains("\n"), "\(error)")
            return "error"
        }
        do {
            let r = try TraceReplay.check(program)
            var kinds: [String] = []
            if !r.hazards.isEmpty { kinds.append("hazards") }
            if r.deadlock != nil { kinds.append("deadlock") }
            if !r.lostSignals.isEmpty { kinds.append("lost") }
            if !r.leftovers.isEmpty { kinds.append("leftover") }
            if !r.warnings.isEmpty { kinds.append("warning") }
            if !r.faults.isEmpty { kinds.append("fault") }
            _ = r.json()
            return kinds.isEmpty ? "clean" : kinds.joined(separator: "+")
        } catch {
            return "replay error: \(error)"
        }
    }

    @Test(arguments: corpus.entries)
    func traceOutcome(_ entry: CorpusManifest.Entry) {
        #expect(Self.outcome(entry.path) == entry.outcome, "\(entry.name)")
    }

    @Test func everyCorpusFileHasAnExpectedOutcome() {
        #expect(Self.corpus.entries.count >= 10)
        #expect(Self.corpus.unlisted.isEmpty)
    }
}
