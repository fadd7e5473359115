import FuzzSupport
import PTOFormats
import PTONumerics

/// libFuzzer entry: the input is a whole `.npy` file, read with `NPYFile.read` (the path `--inputs DIR` takes for
/// each array); every byte of the resulting tensor is read.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let path = FuzzInput.write(data, size)
    do {
        let tensor = try NPYFile.read(path)
        precondition(tensor.byteCount == Shape.byteCount(tensor.shape, tensor.dtype))
        _ = TensorTouch.checksum(tensor)
    } catch {
        FuzzInput.checkMessage(error.description, path: path)
    }
    return 0
}

/// The executable's entry point (see `runFuzzer`).
@_cdecl("FuzzNPY_main")
public func fuzzNPYMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv, fuzzNPY)
}
