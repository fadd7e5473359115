/// A command line whose options do not fit together (for example `--inputs` with `--batch`). One line.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
