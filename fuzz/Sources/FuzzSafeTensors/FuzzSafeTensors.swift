import FuzzSupport
import PTOCases
import PTOFormats
import PTONumerics

/// libFuzzer entry: the input is a whole `.safetensors` file. It goes through `SafeTensorsReader.read` (the path
/// `ptosim --inputs` takes), every tensor's bytes are read, and then the paged-attention loader checks the tensors
/// as inputs (shapes, block table, context lengths, scale metadata), so malformed *content* is fuzzed too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let path = FuzzInput.write(data, size)
    let file: SafeTensorsFile
    do {
        file = try SafeTensorsReader.read(path)
    } catch {
        FuzzInput.checkMessage(error.description, path: path)
        return 0
    }
    var tensors: [String: Tensor] = [:]
    var sink: UInt8 = 0
    for (name, tensor) in file.tensors {
        sink ^= TensorTouch.checksum(tensor)
        tensors[name] = tensor
    }
    do {
        let inputs = try PagedAttentionInputs.load(tensors: tensors, metadata: file.metadata, file: path)
        for b in 0..<inputs.params.batch {
            for j in 0..<inputs.params.blocksUsed(contextLen: inputs.contextLen(request: b)) {
                precondition((0..<inputs.numBlocks).contains(inputs.blockID(request: b, block: j)))
            }
        }
    } catch {
        FuzzInput.checkMessage("\(error)", path: path)
    }
    _ = sink
    return 0
}

/// The executable's entry point (see `runFuzzer`).
@_cdecl("FuzzSafeTensors_main")
public func fuzzSafeTensorsMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv, fuzzSafeTensors)
}
