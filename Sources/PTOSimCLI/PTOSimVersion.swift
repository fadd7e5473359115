/// The release of PTOSim this binary was built from: the one place the version is written (`ptosim --version`).
/// A constant rather than `git describe`, so a shallow CI clone or a source tarball reports the same thing.
public enum PTOSimVersion {
    /// The version string `ptosim --version` prints.
    public static let current = "0.3.0"
}
