/// A runnable command example in the documentation: a fenced block opened with ```` ```console ```` whose commands
/// start with `$ ptosim`, each followed by the output the page shows.
///
/// Conventions a page follows (docs/cli.md and the other pages use them):
/// - `$ ptosim ARGS   # exit N` expects exit status N; without the comment the command must exit 0. Any other
///   trailing `# comment` is ignored.
/// - The output is what the command prints on stderr followed by what it prints on stdout.
/// - `…` inside a line stands for any text (figures that vary: times, addresses); a line that is only `…` stands for
///   any number of lines, none included.
/// - ```` ```console slow ```` marks a block that takes too long for the test suite (large cases); it is not run.
/// - The commands of one block run in one fresh directory, in order, so a later command can read a file an earlier
///   one wrote; `examples/` of the repository is linked into that directory.
struct DocExample: Sendable, CustomStringConvertible {
    /// One command and the output the page shows for it.
    struct Command: Sendable {
        var arguments: [String]
        var expectedStatus: Int32
        var expectedOutput: [String]
        var line: Int
    }

    var file: String
    var line: Int
    var slow: Bool
    var commands: [Command]

    var description: String { "\(file):\(line)" }

    /// Every console block of a markdown text, or a message naming the first line that breaks the conventions.
    static func parse(_ text: String, file: String) throws(DocExampleError) -> [DocExample] {
        var examples: [DocExample] = []
        var current: DocExample?
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw), number = i + 1
            if var example = current {
                if line.hasPrefix("```") {
                    examples.append(example)
                    current = nil
                } else if line.hasPrefix("$ ") {
                    example.commands.append(try command(String(line.dropFirst(2)), file: file, line: number))
                    current = example
                } else {
                    guard !example.commands.isEmpty else {
                        throw DocExampleError("\(file):\(number): output before the first `$ ptosim` line")
                    }
                    example.commands[example.commands.count - 1].expectedOutput.append(line)
                    current = example
                }
            } else if line.hasPrefix("```console") {
                let words = line.dropFirst("```console".count).split(separator: " ")
                guard words.allSatisfy({ $0 == "slow" }) else {
                    throw DocExampleError("\(file):\(number): unknown console block attribute in '\(line)'")
                }
                current = DocExample(file: file, line: number, slow: !words.isEmpty, commands: [])
            }
        }
        if current != nil { throw DocExampleError("\(file): console block at line \(current!.line) is not closed") }
        return examples
    }

    /// `ptosim ARGS [# exit N]` split into arguments (single and double quotes group words).
    static func command(_ text: String, file: String, line: Int) throws(DocExampleError) -> Command {
        var body = Substring(text), status: Int32 = 0
        if let hash = text.range(of: " #") {
            body = text[..<hash.lowerBound]
            let comment = text[hash.upperBound...].trimmingSpaces
            if comment.hasPrefix("exit "), let n = Int32(comment.dropFirst(5).trimmingSpaces) { status = n }
        }
        var words: [String] = [], word = "", quote: Character?, inWord = false
        for c in body {
            if let q = quote {
                if c == q { quote = nil } else { word.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if c == " " {
                if inWord { words.append(word); word = ""; inWord = false }
            } else {
                word.append(c)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        guard quote == nil else { throw DocExampleError("\(file):\(line): unclosed quote in '\(text)'") }
        guard words.first == "ptosim", words.count > 1 else {
            throw DocExampleError("\(file):\(line): a console example must run `ptosim ...`, got '\(text)'")
        }
        return Command(arguments: Array(words.dropFirst()), expectedStatus: status, expectedOutput: [], line: line)
    }
}

/// A console block that does not follow the conventions of `DocExample`.
struct DocExampleError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Compares printed output with the output a page shows, `…` standing for what varies.
enum OutputMatch {
    /// Whether `actual` matches `expected`, line by line (trailing blanks and trailing empty lines ignored).
    static func matches(_ actual: [String], _ expected: [String]) -> Bool {
        let a = trimmed(actual), e = trimmed(expected)
        // memo[i][j]: does a[i...] match e[j...]?
        var memo = [[Bool?]](repeating: [Bool?](repeating: nil, count: e.count + 1), count: a.count + 1)
        func match(_ i: Int, _ j: Int) -> Bool {
            if let known = memo[i][j] { return known }
            let result: Bool
            if j == e.count {
                result = i == a.count
            } else if e[j] == "…" {
                result = match(i, j + 1) || (i < a.count && match(i + 1, j))
            } else {
                result = i < a.count && lineMatches(a[i], e[j]) && match(i + 1, j + 1)
            }
            memo[i][j] = result
            return result
        }
        return match(0, 0)
    }

    /// One line: the literal pieces between `…` appear in order, the first at the start and the last at the end.
    static func lineMatches(_ actual: String, _ expected: String) -> Bool {
        let pieces = expected.components(separatedBy: "…")
        guard pieces.count > 1 else { return actual == expected }
        guard actual.hasPrefix(pieces[0]), actual.hasSuffix(pieces[pieces.count - 1]),
              actual.count >= pieces[0].count + pieces[pieces.count - 1].count else { return false }
        var rest = Substring(actual.dropFirst(pieces[0].count).dropLast(pieces[pieces.count - 1].count))
        for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
            guard let r = rest.range(of: piece) else { return false }
            rest = rest[r.upperBound...]
        }
        return true
    }

    static func trimmed(_ lines: [String]) -> [String] {
        var out = lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
        while out.last?.isEmpty == true { out.removeLast() }
        return out
    }
}

extension StringProtocol {
    var trimmingSpaces: String { String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed()) }
}
