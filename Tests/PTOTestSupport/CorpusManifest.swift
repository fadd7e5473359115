import Foundation

/// A directory of fuzzer-found inputs kept as regression tests, with `outcomes.txt` giving each file's expected
/// outcome (`name<TAB>outcome`, one per line; `#` starts a comment). The outcome is what the reader must do with
/// the file: accept it (`ok`, or a summary) or reject it with one particular kind of error.
public struct CorpusManifest: Sendable {
    public struct Entry: Sendable, CustomStringConvertible {
        public let path: String
        public let name: String
        public let outcome: String
        public var description: String { name }
    }

    public let directory: String
    public let entries: [Entry]

    /// Reads `<directory>/outcomes.txt`.
    public init(_ directory: String) {
        self.directory = directory
        let text = (try? String(contentsOfFile: directory + "/outcomes.txt", encoding: .utf8)) ?? ""
        entries = text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard fields.count == 2 else { return nil }
            return Entry(path: directory + "/" + fields[0], name: fields[0], outcome: fields[1])
        }
    }

    /// Files in the directory that the manifest does not list (each corpus file must have an expected outcome).
    public var unlisted: [String] {
        let listed = Set(entries.map(\.name))
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0 != "outcomes.txt" && !listed.contains($0) }.sorted()
    }
}
