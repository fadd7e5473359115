/// An input or output file that PTOSim cannot accept: names the file, the tensor or field, and expected vs got.
public struct FormatError: Error, CustomStringConvertible, Sendable {
    /// One line, suitable for `ptosim: error: ...`.
    public let description: String
    public init(_ description: String) { self.description = description }
}
