import Foundation
import Testing
import PTOTestSupport

/// Every `$ ptosim` example in README.md and docs/ runs as written and prints what the page shows (see
/// `DocExample` for the conventions). Blocks marked `slow` are parsed, checked for form, and not run.
@Suite struct DocExamplesTests {
    /// README.md and every markdown page under docs/, relative to the repository root.
    static let pages: [String] = {
        let root = Fixtures.repositoryRoot
        var pages = ["README.md"]
        if let walker = FileManager.default.enumerator(atPath: root + "/docs") {
            for case let path as String in walker where path.hasSuffix(".md") { pages.append("docs/" + path) }
        }
        return pages.sorted()
    }()

    static let examples: [DocExample] = pages.flatMap { page in
        let text = (try? String(contentsOfFile: Fixtures.repositoryRoot + "/" + page, encoding: .utf8)) ?? ""
        return (try? DocExample.parse(text, file: page)) ?? []
    }

    @Test func everyConsoleBlockFollowsTheConventions() throws {
        var runnable = 0
        for page in Self.pages {
            let text = try String(contentsOfFile: Fixtures.repositoryRoot + "/" + page, encoding: .utf8)
            do {
                runnable += try DocExample.parse(text, file: page).filter { !$0.slow }.count
            } catch {
                Issue.record("\(error)")
            }
        }
        // The pages that carry runnable examples today; a parser that found none would make the next test vacuous.
        #expect(runnable >= 15, "only \(runnable) runnable console blocks found")
        for page in ["README.md", "docs/cli.md", "docs/race-checker.md", "docs/errors.md"] {
            #expect(Self.examples.contains { $0.file == page && !$0.slow }, "no runnable example in \(page)")
        }
    }

    @Test(arguments: examples.filter { !$0.slow })
    func exampleRunsAsWritten(_ example: DocExample) throws {
        let dir = TemporaryDirectory("ptosim-doc-example")
        defer { dir.remove() }
        try FileManager.default.createSymbolicLink(atPath: dir.file("examples"),
                                                   withDestinationPath: Fixtures.repositoryRoot + "/examples")
        for command in example.commands {
            let r = try Subprocess.run(Subprocess.ptosimBinary, command.arguments, currentDirectory: dir.path)
            let printed = lines(r.stderr) + lines(r.stdout)
            let shown = "\(example.file):\(command.line): ptosim \(command.arguments.joined(separator: " "))"
            #expect(r.status == command.expectedStatus,
                    "\(shown): exit \(r.status), the page says \(command.expectedStatus)\n\(r.stderr)")
            #expect(OutputMatch.matches(printed, command.expectedOutput), """
                \(shown): the output no longer matches the page.
                printed:
                \(printed.joined(separator: "\n"))
                the page shows:
                \(command.expectedOutput.joined(separator: "\n"))
                """)
        }
    }

    private func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// The parser and the matcher themselves: a varying figure is masked, a changed one is not.
@Suite struct DocExampleParsingTests {
    @Test func parsesCommandsExitStatusesAndOutput() throws {
        let text = """
            intro
            ```console
            $ ptosim check --trace 'a b.json'   # exit 1
            line one
            $ ptosim cases
            …
            ```
            ```console slow
            $ ptosim run --case Case1
            ```
            ```sh
            $ not a console block
            ```
            """
        let examples = try DocExample.parse(text, file: "x.md")
        #expect(examples.count == 2)
        #expect(examples[0].line == 2 && !examples[0].slow && examples[1].slow)
        let first = examples[0].commands
        #expect(first.map(\.arguments) == [["check", "--trace", "a b.json"], ["cases"]])
        #expect(first.map(\.expectedStatus) == [1, 0])
        #expect(first[0].expectedOutput == ["line one"] && first[1].expectedOutput == ["…"])
    }

    @Test func refusesBlocksThatCannotRun() {
        #expect(throws: DocExampleError.self) { try DocExample.parse("```console\n$ ls\n```", file: "x.md") }
        #expect(throws: DocExampleError.self) { try DocExample.parse("```console\noutput\n```", file: "x.md") }
        #expect(throws: DocExampleError.self) { try DocExample.parse("```console fast\n$ ptosim cases\n```", file: "x.md") }
        #expect(throws: DocExampleError.self) { try DocExample.parse("```console\n$ ptosim cases\n", file: "x.md") }
    }

    @Test func masksOnlyWhatIsMarked() {
        #expect(OutputMatch.matches(["300 tasks in 0.032 s: PASS"], ["300 tasks in … s: PASS"]))
        #expect(!OutputMatch.matches(["301 tasks in 0.032 s: PASS"], ["300 tasks in … s: PASS"]))
        #expect(!OutputMatch.matches(["300 tasks in 0.032 s: FAIL"], ["300 tasks in … s: PASS"]))
        #expect(OutputMatch.matches(["warning", "a", "b", "c"], ["…", "a", "…"]))
        #expect(OutputMatch.matches(["a"], ["…", "a", "…"]))
        #expect(!OutputMatch.matches(["a", "x"], ["a"]))
        #expect(!OutputMatch.matches(["a"], ["a", "b"]))
        #expect(OutputMatch.matches(["a  ", ""], ["a"]))
        #expect(OutputMatch.lineMatches("x = 1.5 at [1, 2]", "x = … at […]"))
        #expect(!OutputMatch.lineMatches("x = 1.5 at (1, 2)", "x = … at […]"))
    }
}
