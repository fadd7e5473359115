import Foundation
import Testing
import PTOTestSupport
import PTOSimCLI

/// `ptosim --version`, and the binary `make install` puts in place: it must run on a machine without a Swift
/// toolchain (a cluster node), so the Swift runtime and Foundation are linked into it and nothing else but the
/// system's C/C++ libraries and OpenBLAS is loaded at run time.
@Suite struct InstalledBinaryTests {
    /// The installed binary `make test` points the suite at (`make stage` installs it under .build-static/prefix).
    static let installed = ProcessInfo.processInfo.environment["PTOSIM_INSTALLED"]

    /// An environment with no toolchain in it: no LD_LIBRARY_PATH entries, only the system's PATH.
    static let bareEnvironment = ["LD_LIBRARY_PATH": "", "PATH": "/usr/bin:/bin"]

    @Test func versionPrintsTheOneVersionConstant() throws {
        let r = try Subprocess.run(Subprocess.ptosimBinary, ["--version"])
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout == PTOSimVersion.current + "\n")
        #expect(PTOSimVersion.current.split(separator: ".").count == 3 && PTOSimVersion.current.allSatisfy {
            $0.isNumber || $0 == "."
        })
    }

    /// Skipped under a bare `swift test` (the check needs a release build that takes minutes when cold);
    /// `make test` installs the binary first and sets PTOSIM_INSTALLED.
    @Test(.enabled(if: installed != nil, "PTOSIM_INSTALLED is not set: `make test` installs ptosim and sets it"))
    func installedBinaryRunsWithoutTheSwiftToolchain() throws {
        let binary = try #require(Self.installed)
        try #require(FileManager.default.isExecutableFile(atPath: binary),
                     "PTOSIM_INSTALLED=\(binary) is not an executable file")
        let ldd = try Subprocess.run("/usr/bin/ldd", [binary], environment: Self.bareEnvironment)
        #expect(ldd.status == 0, "\(ldd.stderr)")
        #expect(ldd.stdout.contains("libopenblas"), "ldd lists the libraries it loads: \(ldd.stdout)")
        for line in ldd.stdout.split(separator: "\n") {
            for toolchainLibrary in ["libswift", "libFoundation", "lib_Foundation", "libdispatch", "libBlocksRuntime"] {
                #expect(!line.contains(toolchainLibrary), "the installed binary loads a Swift toolchain library: \(line)")
            }
            #expect(!line.contains("not found"), "\(line)")
        }
        let version = try Subprocess.run(binary, ["--version"], environment: Self.bareEnvironment)
        #expect(version.status == 0, "\(version.stderr)")
        #expect(version.stdout == PTOSimVersion.current + "\n", "a stale installation? \(version.stdout)")
    }
}
