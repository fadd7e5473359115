import PTONumerics

/// Parses the Python dict literal of a `.npy` header: exactly the keys `descr` (a string), `fortran_order` (a bool)
/// and `shape` (a tuple of non-negative integers), written by any NumPy version (either quote style, optional
/// trailing commas, `L` suffixes from Python 2).
enum NPYDictParser {
    private enum Token: Equatable { case open(Character), close(Character), colon, comma, string(String), word(String) }

    static func parseHeader(_ text: String, file: String) throws(FormatError) -> NPYHeader {
        func bad(_ why: String) -> FormatError {
            // The header may be up to 4 GiB of anything: quote at most its first couple of hundred characters.
            FormatError(.malformedHeader, "\(file): .npy header \(why): "
                        + OneLineMessage.clean(text.trimmingTrailingSpace, limit: 200))
        }
        guard let tokens = tokenize(text) else { throw bad("is not a Python dict literal") }
        var i = 0
        func next() -> Token? { defer { i += 1 }; return i < tokens.count ? tokens[i] : nil }
        guard next() == .open("{") else { throw bad("does not start with '{'") }
        var descr: String?, fortran: Bool?, shape: [Int]?
        while true {
            guard let t = next() else { throw bad("ends inside the dict") }
            if t == .close("}") { break }
            guard case let .string(key) = t, next() == .colon else { throw bad("has a malformed entry") }
            switch key {
            case "descr":
                guard case let .string(s)? = next() else { throw bad("has a non-string 'descr'") }
                descr = s
            case "fortran_order":
                switch next() {
                case .word("True")?: fortran = true
                case .word("False")?: fortran = false
                default: throw bad("has a non-boolean 'fortran_order'")
                }
            case "shape":
                guard next() == .open("(") else { throw bad("has a non-tuple 'shape'") }
                var dims: [Int] = []
                while true {
                    guard let d = next() else { throw bad("ends inside 'shape'") }
                    if d == .close(")") { break }
                    if d == .comma { continue }
                    guard case let .word(w) = d, let n = Int(w.hasSuffix("L") ? String(w.dropLast()) : w), n >= 0
                    else { throw bad("has a shape entry that is not a non-negative integer") }
                    dims.append(n)
                }
                shape = dims
            default:
                throw bad("has an unexpected key '\(key)'")
            }
            let sep = next()
            if sep == .close("}") { break }
            guard sep == .comma else { throw bad("is missing a ',' between entries") }
        }
        guard i == tokens.count else { throw bad("has text after the dict") }
        guard let descr, let fortran, let shape else { throw bad("lacks one of 'descr', 'fortran_order', 'shape'") }
        return NPYHeader(descr: descr, fortranOrder: fortran, shape: shape)
    }

    private static func tokenize(_ text: String) -> [Token]? {
        var tokens: [Token] = []
        var chars = Array(text)[...]
        while let c = chars.first {
            switch c {
            case " ", "\n", "\t", "\r": chars = chars.dropFirst()
            case "{", "(": tokens.append(.open(c)); chars = chars.dropFirst()
            case "}", ")": tokens.append(.close(c)); chars = chars.dropFirst()
            case ":": tokens.append(.colon); chars = chars.dropFirst()
            case ",": tokens.append(.comma); chars = chars.dropFirst()
            case "'", "\"":
                chars = chars.dropFirst()
                guard let end = chars.firstIndex(of: c) else { return nil }
                tokens.append(.string(String(chars[..<end])))
                chars = chars[chars.index(after: end)...]
            default:
                guard c.isLetter || c.isNumber || c == "-" || c == "_" else { return nil }
                let word = chars.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
                tokens.append(.word(String(word)))
                chars = chars.dropFirst(word.count)
            }
        }
        return tokens
    }
}

extension String {
    /// The string without trailing whitespace (the padding of a .npy header), for messages.
    var trimmingTrailingSpace: String {
        String(self.reversed().drop { $0 == " " || $0 == "\n" }.reversed())
    }
}
