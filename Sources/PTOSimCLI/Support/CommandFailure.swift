import ArgumentParser
import PTONumerics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How `ptosim` reports failures: one line on stderr, `ptosim: error: <message>`, and exit code 2 for anything the
/// user can fix (bad arguments, unknown case, invalid parameters, malformed input files). Help requests keep
/// ArgumentParser's behaviour, and an explicit `ExitCode` thrown by a command is honoured as is.
public enum CommandFailure {
    /// The exit code for every user error.
    public static let userErrorCode: Int32 = 2

    /// The one-line message for `error`, or nil when it is not a failure (help, clean exit, explicit exit code).
    public static func message<Root: ParsableCommand>(for error: any Error, root: Root.Type) -> String? {
        if error is ExitCode { return nil }
        if root.exitCode(for: error) == .success { return nil }
        let text = root.message(for: error)
        // PTOSim's own errors are one line by construction; escape anything a file smuggled into them.
        if text == String(describing: error) { return OneLineMessage.clean(text) }
        // ArgumentParser's messages may span lines (usage hints); keep the first, which states the problem.
        let firstLine = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? text
        return firstLine.hasPrefix("Error: ") ? String(firstLine.dropFirst(7)) : firstLine
    }

    /// Prints the error as `ptosim: error: ...` and exits 2 (or defers to ArgumentParser for help and clean exits).
    public static func exit<Root: ParsableCommand>(with error: any Error, root: Root.Type) -> Never {
        if let code = error as? ExitCode { Glibc.exit(code.rawValue) }
        guard let line = message(for: error, root: root) else { root.exit(withError: error) }
        StandardError.write("ptosim: error: \(line)\n")
        Glibc.exit(userErrorCode)
    }
}
