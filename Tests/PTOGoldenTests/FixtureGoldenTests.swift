import Testing
import PTONumerics
import PTOCases
import PTOGolden
import PTOTestSupport

/// The golden formulation against torch's output in the reference fixtures, and the kernel formulation against
/// the golden (tolerances from the issue: 2e-4 and 1e-3).
@Suite struct FixtureGoldenTests {
    static func load(_ name: String) throws -> PagedAttentionInputs {
        let path = Fixtures.path(name)
        #expect(FileSystemCheck.exists(path), "fixture \(path) is missing (set PTOSIM_FIXTURES to its directory)")
        return try PagedAttentionInputs.load(path)
    }

    @Test(arguments: Fixtures.names)
    func goldenMatchesTorch(_ name: String) throws {
        let inputs = try Self.load(name)
        let torch = try #require(inputs.out, "\(name) has no 'out' tensor")
        let ours = PagedAttentionReference.golden(inputs)
        let (diff, at) = Compare.maxAbsDiff(ours.f32, torch.f32, count: torch.count)
        #expect(diff <= 2e-4, "\(name): golden differs from torch by \(diff) at \(Shape.index(of: at, in: torch.shape))")
        #expect(diff > 0 || torch.count > 0)
    }

    @Test(arguments: Fixtures.names)
    func kernelFormulationIsCloseToGolden(_ name: String) throws {
        let inputs = try Self.load(name)
        let golden = PagedAttentionReference.golden(inputs)
        let kernel = PagedAttentionReference.kernel(inputs)
        let (diff, at) = Compare.maxAbsDiff(kernel.f32, golden.f32, count: golden.count)
        #expect(diff <= 1e-3, "\(name): kernel formulation is \(diff) from the golden at \(Shape.index(of: at, in: golden.shape))")
        // The two formulations round p differently, so they must not coincide.
        #expect(diff > 0, "\(name): kernel and golden formulations gave identical outputs")
    }

    @Test func fixtureParametersComeFromTheTensors() throws {
        let inputs = try Self.load("varlen_q64_bs64")
        let p = inputs.params
        #expect(p.batch == 3 && p.numHeads == 64 && p.blockSize == 64 && p.maxModelLen == 4096)
        #expect(p.contextLens == [65, 1, 300])
        #expect(p.qTile == 64 && p.qLoop == 1)
        #expect(inputs.warnings.isEmpty)
    }
}

import PTOFormats
/// Existence check through PTOFormats (keeps Foundation out of the test).
enum FileSystemCheck {
    static func exists(_ path: String) -> Bool { FileSystem.exists(path) }
}
