/// A named paged-attention case: the shapes simpler's `spmd_paged_attention` scene test runs on a2a3 hardware.
public struct PagedAttentionCase: Sendable, Equatable {
    /// The case name as simpler spells it (`Case1`, ...).
    public let name: String
    /// The case's parameters.
    public let params: PagedAttentionParams
    /// What the case is for.
    public let purpose: String

    public init(name: String, params: PagedAttentionParams, purpose: String) {
        self.name = name
        self.params = params
        self.purpose = purpose
    }
}

/// The registry of named cases.
public enum PagedAttentionCases {
    /// Every named case, in simpler's order.
    public static let all: [PagedAttentionCase] = [
        PagedAttentionCase(
            name: "Case1",
            params: PagedAttentionParams(batch: 256, numHeads: 16, kvHeads: 1, headDim: 128, blockSize: 128,
                                         contextLen: 8192, maxModelLen: 32768),
            purpose: "the CI case: 256 requests, 16-row head tiles"),
        PagedAttentionCase(
            name: "Case2",
            params: PagedAttentionParams(batch: 64, numHeads: 64, kvHeads: 1, headDim: 128, blockSize: 64,
                                         contextLen: 8192, maxModelLen: 32768),
            purpose: "64-row head tiles and 64-token blocks"),
        PagedAttentionCase(
            name: "SmallCase1",
            params: PagedAttentionParams(batch: 24, numHeads: 16, kvHeads: 1, headDim: 128, blockSize: 128,
                                         contextLen: 8192, maxModelLen: 32768),
            purpose: "one logical block per cluster (batch = 24 SPMD blocks); the trace target"),
    ]

    /// Names of all cases.
    public static var names: [String] { all.map(\.name) }

    /// The case called `name` (exact spelling first, then ignoring case).
    public static func named(_ name: String) throws(CaseError) -> PagedAttentionCase {
        if let c = all.first(where: { $0.name == name }) ?? all.first(where: { $0.name.lowercased() == name.lowercased() }) {
            return c
        }
        throw CaseError(.unknownCase, "unknown case '\(name)' (known cases: \(names.joined(separator: ", ")))")
    }
}
