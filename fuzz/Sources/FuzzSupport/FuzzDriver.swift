/// The libFuzzer entry callback: one input of `size` bytes.
public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>, Int) -> Int32

// libFuzzer's driver (in the runtime that `-sanitize=fuzzer` links).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: FuzzCallback) -> Int32

/// Starts libFuzzer with the process's arguments.
///
/// SwiftPM links an executable target's entry point as `main = <Target>_main` (so that tests can link the module),
/// which keeps libFuzzer's own `main` out of the link. Each fuzz target therefore defines `<Target>_main` and hands
/// control to libFuzzer here, exactly as libFuzzer's `main` would.
public func runFuzzer(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
                      _ callback: FuzzCallback) -> Int32 {
    var argc = argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&argc, &argv, callback)
}
