/// Keeps error messages to one printable line whatever the input files contain.
///
/// Messages quote what users' files say (tensor names, dtype strings, header text, trace keys), and a file can put
/// a newline, a terminal escape sequence or megabytes of text in any of them. The error types of the file readers
/// pass their text through `OneLineMessage.clean`, so `ptosim: error: ...` stays a single line that names the
/// problem, however hostile the file.
public enum OneLineMessage {
    /// Messages longer than this are shortened in the middle (a file can make a name as long as it likes).
    public static let maxCharacters = 2000

    /// `text` with control characters escaped (`\n`, `\t`, `\r`, `\u{1B}`, ...) and, when longer than `limit`,
    /// its middle replaced by ` ... `.
    public static func clean(_ text: String, limit: Int = maxCharacters) -> String {
        var needsWork = text.count > limit
        if !needsWork { needsWork = text.unicodeScalars.contains(where: isControl) }
        guard needsWork else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else { out.append(scalar); continue }
            switch scalar {
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            default: out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            }
        }
        let escaped = String(out)
        guard escaped.count > limit else { return escaped }
        let keep = max(0, (limit - 5) / 2)
        return String(escaped.prefix(keep)) + " ... " + String(escaped.suffix(keep))
    }

    /// C0 and C1 controls, DEL and the Unicode line/paragraph separators: what would break or restyle a line.
    private static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
    }
}
