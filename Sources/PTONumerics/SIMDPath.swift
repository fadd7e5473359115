#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CPTOSimd

/// Which implementation PTONumerics' bulk loops run on this host: the Swift scalar loops, which are the definition,
/// or AVX-512 kernels (the C target `CPTOSimd`) that reproduce them bit for bit.
///
/// This is a property of the host CPU running the emulator, not of the emulated chip: both paths give the same bits,
/// only the speed differs. The choice is made once per process: AVX-512 when the CPU has AVX-512 F, BW, VL and DQ,
/// unless the environment variable `PTOSIM_SIMD=scalar` asks for the scalar path (to compare the two in benchmarks).
/// Every bulk entry point also takes an explicit `path`, so tests can run both in one process.
public enum SIMDPath: String, Sendable, CaseIterable {
    /// AVX-512 kernels (only on a CPU that has them).
    case avx512
    /// The Swift loops: the definition.
    case scalar

    /// The environment variable that picks the path: `scalar`, `avx512`, or `auto` (also when unset or empty).
    public static let environmentVariable = "PTOSIM_SIMD"

    /// The path this process uses by default.
    public static let active: SIMDPath = {
        let requested = getenv(environmentVariable).map { String(cString: $0) } ?? ""
        return requested != "scalar" && avx512Available ? .avx512 : .scalar
    }()

    /// Why `PTOSIM_SIMD` cannot be honoured (an unknown value, or `avx512` on a CPU without it), or nil. `active`
    /// falls back to what the CPU can do; the command-line tool refuses the value with this message instead.
    public static func environmentProblem() -> String? {
        let requested = getenv(environmentVariable).map { String(cString: $0) } ?? ""
        switch requested {
        case "", "auto", "scalar": return nil
        case "avx512":
            return avx512Available ? nil
                : "\(environmentVariable)=avx512 but this CPU lacks AVX-512 F/BW/VL/DQ: use scalar or auto"
        default: return "\(environmentVariable)=\(requested) is not a path: use scalar, avx512 or auto"
        }
    }

    /// Whether this CPU can run the AVX-512 kernels.
    public static let avx512Available: Bool = ptosimd_avx512_available() != 0

    /// The paths this CPU can run, the definition first.
    public static var runnable: [SIMDPath] { avx512Available ? [.scalar, .avx512] : [.scalar] }
}
