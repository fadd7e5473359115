/// A malformed trace file: one line naming the file, the place (core and instruction index) and the problem.
public struct TraceFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
