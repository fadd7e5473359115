import PTOCases

/// Every scene PTOSim runs, in the order `ptosim scenes` lists them.
public enum SceneCatalogue {
    /// The scenes. Each ported scene adds itself here.
    public static let all: [any Scene] = [
        AlternatingMatmulAddScene(),
        BenchmarkBgemmScene(),
        PagedAttentionUnrollScene(scopeMode: .auto),
        PagedAttentionUnrollScene(scopeMode: .manual),
        BatchPagedAttentionScene(),
        SpmdPagedAttentionScene(),
        PagedAttentionScene(),
        SPMDBasicScene(), SPMDMultiblockAIVScene(), SPMDMultiblockMixScene(), SPMDSyncStartScene(),
        SPMDSyncStartAIVScene(), SPMDSyncStartEdgeScene(), SPMDSyncStartStressScene(), SPMDStarvationScene(),
        SPMDBatchDispatchOOBScene(),
    ]

    /// The scene named `name`, or a one-line error listing the scenes.
    public static func scene(named name: String) throws -> any Scene {
        guard let s = all.first(where: { $0.name == name }) else {
            throw CaseError(.unknownCase, "no scene named '\(name)' (scenes: "
                + all.map(\.name).joined(separator: ", ") + ")")
        }
        return s
    }
}
