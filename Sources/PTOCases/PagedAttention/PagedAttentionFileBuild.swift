import PTONumerics
import PTOFormats

/// Inputs generated straight into the safetensors file that will hold them, plus a file-backed `out` tensor for
/// the caller to fill: the fast path of `ptosim golden --out FILE` for generated cases.
///
/// The tensors' storage is the file's data section (`SafeTensorsMappedWriter`), so generation writes the file
/// as it goes and `commit()` only flushes and renames it. The file is byte-identical to what
/// `PagedAttentionInputs.save(to:format:out:metadata:)` writes for the same inputs, output and metadata.
public struct PagedAttentionFileBuild {
    /// The generated inputs (file-backed).
    public let inputs: PagedAttentionInputs
    /// fp32 `[batch, numHeads, headDim]`, zero until the caller writes it.
    public let out: Tensor
    private let writer: SafeTensorsMappedWriter

    /// Validates `params`, creates the temporary file beside `path` and generates the inputs into it.
    public init(generating params: PagedAttentionParams, seed: UInt64, workers: Int = Parallel.defaultWorkers,
                to path: String, metadata: [String: String]) throws {
        try params.validate()
        try MemoryEstimate(params.inputsAndOutputEstimate).check(what: "generating the inputs into \(path)")
        let outSpec = (name: PagedAttentionInputs.TensorName.out, dtype: DType.f32,
                       shape: [params.batch, params.numHeads, params.headDim])
        let writer = try SafeTensorsMappedWriter(
            destination: path, tensors: PagedAttentionInputs.tensorSpecs(params) + [outSpec],
            metadata: PagedAttentionInputs.fileMetadata(params, extra: metadata))
        inputs = try PagedAttentionInputs.generate(params, seed: seed, workers: workers) { name, _, _ in
            writer.tensor(name)
        }
        out = writer.tensor(outSpec.name)
        self.writer = writer
    }

    /// Makes the file visible at its path (fsync, rename).
    public func commit() throws(FormatError) { try writer.commit() }
}
