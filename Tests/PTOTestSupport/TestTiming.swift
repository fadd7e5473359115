#if canImport(Glibc)
import Glibc
#endif

/// Time bounds for tests that promise an answer "within a second". Under the address sanitizer (`make asan`) every
/// instruction costs several times more and each process maps gigabytes of shadow memory at start, so bounds are
/// stretched there; elsewhere they hold as written.
public enum TestTiming {
    /// True when this test process runs with ASan (its runtime exports `__asan_init`).
    public static let underAddressSanitizer: Bool = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil

    /// `seconds`, or ten times that under the address sanitizer.
    public static func bound(_ seconds: Double) -> Double { underAddressSanitizer ? seconds * 10 : seconds }
}
