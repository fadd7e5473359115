import PTONumerics
import PTOFormats

extension PagedAttentionParams {
    /// The parameters in simpler's spelling (`num_heads`, `kv_head_num`, `context_len`, ...), as JSON text;
    /// `context_lens_list` is present when the requests' context lengths differ.
    public var simplerJSON: String {
        func int(_ n: Int) -> JSONValue { .number(String(n)) }
        var members: [(key: String, value: JSONValue)] = [
            ("batch", int(batch)), ("num_heads", int(numHeads)), ("kv_head_num", int(kvHeads)),
            ("head_dim", int(headDim)), ("block_size", int(blockSize)), ("context_len", int(maxContextLen)),
            ("max_model_len", int(maxModelLen)), ("dtype", .string("bfloat16")),
        ]
        if !hasUniformContext { members.append(("context_lens_list", .array(contextLens.map(int)))) }
        return JSONValue.object(members).serialized
    }
}

/// The file formats an input set (and its output) can be written in.
public enum InputsFileFormat: String, Sendable, CaseIterable {
    /// One safetensors file, loadable by torch/safetensors and numpy (`safetensors.numpy.load_file`).
    case safetensors
    /// A directory of `.npy` files plus `metadata.json`; bf16 tensors as `<u2` bit patterns.
    case npy
}

/// Writing input sets in the layout simpler's tests use: the five inputs and `out` under simpler's names, and
/// metadata `params` (the case parameters as simpler's JSON dict), `scale`, and whatever the caller adds.
extension PagedAttentionInputs {
    /// The case parameters in simpler's spelling, as JSON text (see `PagedAttentionParams.simplerJSON`).
    public var paramsJSON: String { params.simplerJSON }

    /// The metadata PTOSim writes with an input set: `params`, `scale`, then `extra` (which may override them).
    public static func fileMetadata(_ params: PagedAttentionParams, extra: [String: String]) -> [String: String] {
        ["params": params.simplerJSON, "scale": "\(params.scale)"].merging(extra) { $1 }
    }

    /// The tensors to write: the five inputs, then `out` when given.
    public func namedTensors(out: Tensor?) -> [(name: String, tensor: Tensor)] {
        var list: [(name: String, tensor: Tensor)] = [
            (TensorName.query, query), (TensorName.keyCache, keyCache), (TensorName.valueCache, valueCache),
            (TensorName.blockTable, blockTable), (TensorName.contextLens, contextLens),
        ]
        if let out { list.append((TensorName.out, out)) }
        return list
    }

    /// Writes the inputs, `out` and metadata to `path` atomically (a file, or a directory for `.npy`).
    /// `metadata` entries are added to `params` and `scale`, and override them.
    public func save(to path: String, format: InputsFileFormat, out: Tensor?,
                     metadata extra: [String: String] = [:]) throws(FormatError) {
        let metadata = Self.fileMetadata(params, extra: extra)
        switch format {
        case .safetensors:
            try SafeTensorsWriter.write(SafeTensorsFile(tensors: namedTensors(out: out), metadata: metadata), to: path)
        case .npy:
            try NPYDirectory.write(namedTensors(out: out), metadata: metadata, to: path)
        }
    }
}
