import Foundation
import PTOTestSupport
import Testing

/// The example package `examples/row-softmax` (a kernel of one's own, written against PTOSimKit only) builds
/// against this checkout and does what its README says: bit-identical to its golden, clean under the race checker,
/// a race reported when one event is removed, and a timed run. It is a package of its own, so `swift build` builds
/// it with its own scratch directory, `.build-examples`, which is kept between runs: the first run compiles PTOSim's
/// library targets a second time, later runs only what changed.
@Suite("Example package: row softmax")
struct ExamplePackageTests {
    static let package = Fixtures.repositoryRoot + "/examples/row-softmax"
    static let scratch = Fixtures.repositoryRoot + "/.build-examples"

    @Test func rowSoftmaxBuildsRunsChecksAndTimes() throws {
        let build = try Subprocess.run("/usr/bin/env", ["swift", "build", "--package-path", Self.package,
                                                        "--scratch-path", Self.scratch,
                                                        // The cached build plan keeps PTOSim's source-file lists from
                                                        // the last build: a file added since would be missing.
                                                        "--disable-build-manifest-caching"])
        try #require(build.status == 0, "swift build of examples/row-softmax failed:\n\(build.stdout)\(build.stderr)")
        #expect(!build.stdout.contains("warning:") && !build.stderr.contains("warning:"),
                "the example builds with warnings:\n\(build.stdout)\(build.stderr)")

        let binary = Self.scratch + "/debug/row-softmax"
        let r = try Subprocess.run(binary, [])
        #expect(r.status == 0, "row-softmax failed:\n\(r.stdout)\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("run: bit-identical to the golden (8192 elements)"))
        #expect(lines.contains("race checker: clean"))
        // Without V -> MTE2 'x free', the load of tile i + 2 is unordered against V's work on tile i in the same slot.
        let header = try #require(lines.firstIndex(of: "race checker without 'x free' (V -> MTE2):"))
        let findings = lines[(header + 1)...].prefix { !$0.hasPrefix("timed") }
        #expect(findings.contains { $0.hasPrefix("WAR on UB [0, 8192): ") && $0.contains("TLOAD 'load x[2]' on MTE2") },
                "\(findings)")
        for slots in [1, 2] {
            #expect(lines.contains { $0.hasPrefix("timed, \(slots) slot(s): ")
                        && $0.hasSuffix("bit-identical to the golden (8192 elements)") }, "\(lines)")
        }

        // Each event removed in turn is noticed (the program exits 0 only when the checker reports something).
        for event in ["x-loaded", "y-ready", "y-free"] {
            let removed = try Subprocess.run(binary, ["--without", event])
            #expect(removed.status == 0, "--without \(event):\n\(removed.stdout)")
        }
        let bad = try Subprocess.run(binary, ["--without", "nothing"])
        #expect(bad.status == 2 && bad.stderr.hasPrefix("row-softmax: error: --without takes one of"))
    }
}
