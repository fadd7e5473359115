import PTONumerics
import PTOFormats

/// Reading input sets written by simpler's tests (torch → safetensors) or by PTOSim: a safetensors file, or a
/// directory of `.npy` files, with simpler's tensor names `query`, `key_cache`, `value_cache`, `block_table`,
/// `context_lens` and optionally `out`.
///
/// The case parameters come from the tensor shapes (batch, heads and head_dim from `query`, block size and kv heads
/// from the caches, `max_model_len` = block-table width × block size) and the context lengths from `context_lens`;
/// the scale from the `scale` metadata entry when present (else 1.0, as simpler's tests use).
extension PagedAttentionInputs {
    /// The tensor names of simpler's paged-attention tests.
    public enum TensorName {
        public static let query = "query", keyCache = "key_cache", valueCache = "value_cache"
        public static let blockTable = "block_table", contextLens = "context_lens", out = "out"
        /// The five inputs, in kernel-argument order.
        public static let inputs = [query, keyCache, valueCache, blockTable, contextLens]
    }

    /// Loads inputs from a safetensors file or a directory of `.npy` files (errors name the file).
    public static func load(_ path: String) throws -> PagedAttentionInputs {
        if FileSystem.isDirectory(path) {
            return try load(tensors: NPYDirectory.read(path, names: TensorName.inputs + [TensorName.out]),
                            metadata: NPYDirectory.metadata(path), file: path)
        }
        let file = try SafeTensorsReader.read(path)
        var tensors: [String: Tensor] = [:]
        for (name, tensor) in file.tensors { tensors[name] = tensor }
        return try load(tensors: tensors, metadata: file.metadata, file: path)
    }

    /// Builds checked inputs from named tensors and metadata read from `file`.
    public static func load(tensors: [String: Tensor], metadata: [String: String], file: String) throws
        -> PagedAttentionInputs {
        func tensor(_ name: String, _ dtype: DType, rank: Int) throws(FormatError) -> Tensor {
            guard let t = tensors[name] else {
                throw FormatError(.missingTensor, "\(file): no tensor '\(name)' (expected "
                                  + "\(TensorName.inputs.joined(separator: ", ")))")
            }
            guard t.dtype == dtype, t.shape.count == rank else {
                throw FormatError(.unexpectedTensor, "\(file): tensor '\(name)' is \(t.signature), expected "
                                  + "\(dtype.rawValue) of rank \(rank)")
            }
            return t
        }
        let query = try tensor(TensorName.query, .bf16, rank: 3)
        let key = try tensor(TensorName.keyCache, .bf16, rank: 4)
        let value = try tensor(TensorName.valueCache, .bf16, rank: 4)
        let table = try tensor(TensorName.blockTable, .i32, rank: 2)
        let lens = try tensor(TensorName.contextLens, .i32, rank: 1)
        let out = tensors[TensorName.out] == nil ? nil : try tensor(TensorName.out, .f32, rank: 3)

        var scale: Float = 1.0
        if let text = metadata["scale"] {
            guard let s = Float(text) else {
                throw FormatError(.invalidHeader, "\(file): metadata 'scale' is '\(text)', expected a number")
            }
            scale = s
        }
        guard lens.count == query.shape[0] else {
            throw CaseError(.inconsistentTensors, "context_lens is \(lens.signature) but query's batch is "
                            + "\(query.shape[0]) (expected i32[\(query.shape[0])])").located(in: file)
        }
        guard table.shape[0] == query.shape[0] else {
            throw CaseError(.inconsistentTensors, "block_table is \(table.signature) but query's batch is "
                            + "\(query.shape[0]) (expected one row per request)").located(in: file)
        }
        // Shapes are whatever the file declares (an empty tensor may claim [0, 2^40]), so the product is checked;
        // an overflow becomes a max_model_len that validation rejects with the numbers.
        let (modelLen, overflow) = table.shape[1].multipliedReportingOverflow(by: key.shape[1])
        let params = PagedAttentionParams(
            batch: query.shape[0], numHeads: query.shape[1], kvHeads: key.shape[2], headDim: query.shape[2],
            blockSize: key.shape[1], contextLens: (0..<lens.count).map { Int(lens.i32[$0]) },
            maxModelLen: overflow ? Int.max : modelLen, scale: scale)
        var inputs: PagedAttentionInputs
        do {
            inputs = try PagedAttentionInputs(params: params, query: query, keyCache: key, valueCache: value,
                                              blockTable: table, contextLens: lens, out: out)
        } catch {
            throw error.located(in: file)
        }
        inputs.warnings = NonFiniteScan.warnings(inputs, file: file)
        return inputs
    }
}
