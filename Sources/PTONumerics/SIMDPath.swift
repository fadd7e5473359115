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

    /// The path this process uses by default.
    public static let active: SIMDPath = {
        if let forced = getenv("PTOSIM_SIMD").map({ String(cString: $0) }), forced == "scalar" { return .scalar }
        return avx512Available ? .avx512 : .scalar
    }()

    /// Whether this CPU can run the AVX-512 kernels.
    public static let avx512Available: Bool = ptosimd_avx512_available() != 0

    /// The paths this CPU can run, the definition first.
    public static var runnable: [SIMDPath] { avx512Available ? [.scalar, .avx512] : [.scalar] }
}
