import Foundation
import Testing
import PTOTestSupport

/// docs/sharding.md shows the Slurm array script and the Kubernetes Job as they are in examples/, byte for byte:
/// `make slurm-check` runs the script file, so a copy in the page that drifted from it would be untested.
@Suite struct ShardingDocsTests {
    static func text(_ relativePath: String) throws -> String {
        try String(contentsOfFile: Fixtures.repositoryRoot + "/" + relativePath, encoding: .utf8)
    }

    @Test(arguments: [("examples/slurm/ptosim-array.sbatch", "bash"),
                      ("examples/kubernetes/ptosim-indexed-job.yaml", "yaml")])
    func pageShowsTheExampleFileVerbatim(file: String, fence: String) throws {
        let page = try Self.text("docs/sharding.md")
        let example = try Self.text(file)
        #expect(example.hasSuffix("\n"))
        #expect(page.contains("```\(fence)\n\(example)```\n"),
                "docs/sharding.md no longer shows \(file) as it is; paste the file's current text into its fence")
        #expect(page.contains("(../\(file))"), "docs/sharding.md links to \(file)")
    }

    /// The script submits itself only after creating the folder its `#SBATCH --output` names (Slurm does not).
    @Test func arrayScriptCreatesItsLogFolderBeforeSubmitting() throws {
        let script = try Self.text("examples/slurm/ptosim-array.sbatch")
        let output = try #require(script.split(separator: "\n").first { $0.hasPrefix("#SBATCH --output=") })
        let folder = try #require(output.dropFirst("#SBATCH --output=".count).split(separator: "/").first)
        let mkdir = try #require(script.range(of: "mkdir -p \(folder)\n"))
        let submit = try #require(script.range(of: "exec sbatch"))
        #expect(mkdir.upperBound <= submit.lowerBound)
    }
}
