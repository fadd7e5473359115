import Foundation
import Testing
import PTONumerics
import PTOTestSupport
@testable import PTOFormats

/// Inputs libFuzzer found interesting (new coverage, former findings), kept as regression tests: each must still
/// be accepted, or rejected with the same kind of error, in one line that names the file.
@Suite struct FuzzCorpusTests {
    // Tests/Corpus: outside the test targets' folders, which SwiftPM would otherwise ask to declare as resources.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus").path
    static let safetensors = CorpusManifest(root + "/safetensors")
    static let npy = CorpusManifest(root + "/npy")

    /// `ok` or the error kind; an accepted file's tensors are read to their last byte.
    static func outcome(_ read: () throws(FormatError) -> [Tensor], path: String) -> String {
        do {
            let tensors = try read()
            var x: UInt8 = 0
            for t in tensors {
                let bytes = t.raw.assumingMemoryBound(to: UInt8.self)
                for i in 0..<t.byteCount { x ^= bytes[i] }
            }
            _ = x
            return "ok"
        } catch {
            #expect(error.description.hasPrefix(path) && !error.description.contains("\n"), "\(error)")
            return error.kind.rawValue
        }
    }

    @Test(arguments: safetensors.entries)
    func safetensorsOutcome(_ entry: CorpusManifest.Entry) {
        let got = Self.outcome({ () throws(FormatError) in try SafeTensorsReader.read(entry.path).tensors.map(\.tensor) },
                               path: entry.path)
        #expect(got == entry.outcome, "\(entry.name)")
    }

    @Test(arguments: npy.entries)
    func npyOutcome(_ entry: CorpusManifest.Entry) {
        let got = Self.outcome({ () throws(FormatError) in [try NPYFile.read(entry.path)] }, path: entry.path)
        #expect(got == entry.outcome, "\(entry.name)")
    }

    @Test func everyCorpusFileHasAnExpectedOutcome() {
        #expect(Self.safetensors.entries.count >= 10 && Self.npy.entries.count >= 10)
        #expect(Self.safetensors.unlisted.isEmpty && Self.npy.unlisted.isEmpty)
    }
}
