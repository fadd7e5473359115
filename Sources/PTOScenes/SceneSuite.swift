/// The rows of the one public on-board table that covers simpler's whole scene suite (simpler PR #694,
/// `tools/benchmark_rounds.sh` on a2a3): which scene and case each row ran. `ptosim suite` runs them in this order.
public enum SceneSuite {
    /// One row: a scene and one of its cases.
    public struct Row: Sendable, Equatable {
        public let scene: String
        public let caseName: String
        /// The kernel variant the on-board table measured, where the scene has several.
        public var variants: [String: String] = [:]
        public var example: String { "\(scene) (\(caseName))" }
    }

    public static let onBoardRows: [Row] = [
        Row(scene: "alternating_matmul_add", caseName: "Case1"),
        Row(scene: "benchmark_bgemm", caseName: "Case0"),
        Row(scene: "paged_attention_unroll", caseName: "Case1"),
        Row(scene: "paged_attention_unroll", caseName: "Case2"),
        Row(scene: "paged_attention_unroll_manual_scope", caseName: "Case1"),
        Row(scene: "paged_attention_unroll_manual_scope", caseName: "Case2"),
        Row(scene: "batch_paged_attention", caseName: "Case1"),
        // The table measured simpler's main before #704's K/V prefetch and before #708's per-slot AIC events.
        Row(scene: "spmd_paged_attention", caseName: "Case1", variants: ["prefetch": "false", "events": "shared"]),
        Row(scene: "spmd_paged_attention", caseName: "Case2", variants: ["prefetch": "false", "events": "shared"]),
    ]
}
