import PTOCore
import PTORuntime
import PTOCases
/// Kernel programs written against the core emulation.
public enum KernelsInfo {}
