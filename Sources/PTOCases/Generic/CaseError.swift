import PTONumerics

/// A paged-attention case or input set that the kernel could not run: unknown case, a parameter it does not
/// support, or input tensors that disagree with each other. `description` is one line for `ptosim: error: ...`.
public struct CaseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Which rule was broken.
    public enum Kind: String, Sendable, CaseIterable {
        /// A case name not in the registry.
        case unknownCase
        /// A parameter outside what the kernel supports, or parameters inconsistent with each other.
        case invalidParameter
        /// Input tensors whose dtypes or shapes disagree with each other or with their role.
        case inconsistentTensors
        /// A block-table entry that names no block of the KV cache.
        case blockOutOfRange
        /// A context length the block table cannot describe.
        case contextBeyondBlockTable
        /// The case would need more memory than the host has available (see `MemoryEstimate`).
        case insufficientMemory
    }

    public let kind: Kind
    public let description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = OneLineMessage.clean(description)
    }

    /// The same error with a file name in front, for errors found while loading a file.
    public func located(in file: String) -> CaseError { CaseError(kind, "\(file): \(description)") }
}
