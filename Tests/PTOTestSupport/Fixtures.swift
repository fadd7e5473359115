#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Locates the reference fixtures (safetensors files produced by simpler's torch golden): `$PTOSIM_FIXTURES` if set,
/// else `shared/fixtures` beside the repository.
public enum Fixtures {
    /// The three fixture files.
    public static let names = ["small_q16_bs128", "varlen_q16_bs128", "varlen_q64_bs64"]

    /// The repository's root directory (derived from this file's path at build time).
    public static var repositoryRoot: String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/PTOTestSupport/Fixtures.swift
        return parts.joined(separator: "/")
    }

    /// The fixture directory.
    public static var directory: String {
        if let env = getenv("PTOSIM_FIXTURES") { return String(cString: env) }
        return repositoryRoot + "/../shared/fixtures"
    }

    /// The path of fixture `name` (without extension).
    public static func path(_ name: String) -> String { "\(directory)/\(name).safetensors" }
}
