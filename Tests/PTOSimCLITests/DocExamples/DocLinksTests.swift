import Foundation
import Testing
import PTOTestSupport

/// Every relative link in README.md and docs/ leads somewhere: the file exists, and a `#anchor` into a markdown page
/// names one of its headings (GitHub's heading ids: lower case, punctuation other than `-` and `_` dropped, spaces
/// turned into `-`). Links with a scheme (`https:`, `mailto:`) are not followed; fenced code is not read.
@Suite struct DocLinksTests {
    @Test func everyRelativeLinkResolves() throws {
        let root = Fixtures.repositoryRoot
        var checked = 0
        for page in DocExamplesTests.pages {
            let text = try String(contentsOfFile: root + "/" + page, encoding: .utf8)
            let pageDirectory = URL(fileURLWithPath: root + "/" + page).deletingLastPathComponent()
            for link in Self.links(in: text) {
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let file = String(parts[0]), anchor = parts.count > 1 ? String(parts[1]) : ""
                let target = file.isEmpty ? root + "/" + page
                                          : pageDirectory.appendingPathComponent(file).standardizedFileURL.path
                checked += 1
                guard FileManager.default.fileExists(atPath: target) else {
                    Issue.record("\(page): link '\(link)' names a file that does not exist")
                    continue
                }
                if !anchor.isEmpty, target.hasSuffix(".md") {
                    let headings = Self.headingIDs(try String(contentsOfFile: target, encoding: .utf8))
                    #expect(headings.contains(anchor), "\(page): link '\(link)' names no heading of its page")
                }
            }
        }
        #expect(checked >= 50, "only \(checked) relative links found")
    }

    /// The targets of `[text](target)` links outside fenced code, without those that carry a scheme.
    static func links(in text: String) -> [String] {
        var links: [String] = []
        for line in prose(text) {
            var rest = Substring(line)
            while let open = rest.range(of: "](") {
                let after = rest[open.upperBound...]
                guard let close = after.firstIndex(of: ")") else { break }
                let target = String(after[..<close])
                rest = after[after.index(after: close)...]
                if target.isEmpty || target.contains(" ") { continue }
                if let colon = target.firstIndex(of: ":"),
                   target[..<colon].allSatisfy({ $0.isLetter }) { continue }
                links.append(target)
            }
        }
        return links
    }

    /// The ids GitHub gives the page's headings.
    static func headingIDs(_ text: String) -> Set<String> {
        var ids = Set<String>()
        for line in prose(text) where line.hasPrefix("#") {
            let hashes = line.prefix { $0 == "#" }
            guard hashes.count <= 6, line.dropFirst(hashes.count).first == " " else { continue }
            let title = line.dropFirst(hashes.count + 1).trimmingSpaces.lowercased()
            let kept = title.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == " " }
            ids.insert(String(kept.map { $0 == " " ? "-" : $0 }))
        }
        return ids
    }

    /// The lines of a markdown text outside fenced code blocks.
    static func prose(_ text: String) -> [String] {
        var lines: [String] = [], fenced = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { fenced.toggle(); continue }
            if !fenced { lines.append(String(line)) }
        }
        return lines
    }

    @Test func headingIDsFollowGitHub() {
        let ids = Self.headingIDs("# A title\n## `ptosim check --scene NAME --case CASE`\n```\n# not a heading\n```\n")
        #expect(ids == ["a-title", "ptosim-check---scene-name---case-case"])
        #expect(Self.links(in: "see [a](b.md#c) and [d](https://e) ```x``` [f](g/)") == ["b.md#c", "g/"])
    }
}
