import Foundation
import PTOTestSupport
import Testing

/// `PTOSIM_SIMD` picks the host-CPU kernels: `scalar`, `auto` and empty always work; anything else is refused with
/// one line and exit code 2 rather than silently running another path.
@Suite struct SIMDPathEnvironmentTests {
    func ptosim(_ args: [String], simd: String) throws -> Subprocess.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["PTOSIM_SIMD"] = simd
        return try Subprocess.run(Subprocess.ptosimBinary, args, environment: environment)
    }

    @Test(arguments: ["scalar", "auto", ""])
    func acceptedValuesRun(value: String) throws {
        let r = try ptosim(["cases"], simd: value)
        #expect(r.status == 0 && r.stderr.isEmpty)
    }

    @Test func unknownValueIsOneLineAndExitTwo() throws {
        let r = try ptosim(["cases"], simd: "fast")
        #expect(r.status == 2)
        #expect(r.stderr == "ptosim: error: PTOSIM_SIMD=fast is not a path: use scalar, avx512 or auto\n")
    }
}
