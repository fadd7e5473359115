import PTONumerics

/// An input or output file that PTOSim cannot accept: names the file, the tensor or field, and expected vs got.
///
/// The `kind` says which rule was broken (tests and callers match on it); `description` is one line, suitable for
/// `ptosim: error: ...`.
public struct FormatError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Which rule a file broke.
    public enum Kind: String, Sendable, CaseIterable {
        /// The file could not be opened, mapped, read or written (the OS error is in the message).
        case io
        /// The file ends before a declared header or payload does.
        case truncated
        /// The header is not valid JSON (safetensors) or not a parsable dict literal (.npy).
        case malformedHeader
        /// The header parses but is not of the required form (not an object, a field of the wrong type...).
        case invalidHeader
        /// A dtype other than the supported ones.
        case unsupportedDType
        /// A tensor's declared byte range does not match its dtype and shape.
        case sizeMismatch
        /// A tensor's byte range lies outside the data section.
        case offsetOutOfRange
        /// Two tensors share bytes.
        case overlappingTensors
        /// Bytes of the data section that no tensor covers (safetensors forbids holes).
        case uncoveredBytes
        /// The same tensor name appears twice.
        case duplicateTensor
        /// A tensor the reader needs is absent.
        case missingTensor
        /// Not a .npy file (wrong magic string).
        case badMagic
        /// A .npy format version other than 1.0, 2.0 or 3.0.
        case unsupportedVersion
        /// A Fortran-ordered .npy array (PTOSim's tensors are row-major).
        case fortranOrder
        /// A tensor has the wrong dtype or shape for the role a reader expects it to play.
        case unexpectedTensor
    }

    /// The rule that was broken.
    public let kind: Kind
    /// One line naming the file, the tensor or field, and expected vs got.
    public let description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        // A file's own text (names, header fragments) may hold newlines or escape sequences: keep one line.
        self.description = OneLineMessage.clean(description)
    }
}
