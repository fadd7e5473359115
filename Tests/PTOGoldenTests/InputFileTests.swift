import Testing
import PTONumerics
import PTOFormats
import PTOCases
import PTOTestSupport

@Suite struct InputFileTests {
    let dir = TemporaryDirectory("ptosim-inputs")
    static let params = PagedAttentionParams(batch: 2, numHeads: 16, kvHeads: 1, headDim: 128, blockSize: 128,
                                             contextLens: [130, 7], maxModelLen: 512, scale: 0.5)

    @Test(arguments: InputsFileFormat.allCases)
    func saveThenLoadGivesTheSameInputs(_ format: InputsFileFormat) throws {
        defer { dir.remove() }
        let inputs = try PagedAttentionInputs.generate(Self.params, seed: 3)
        let out = Tensor(f32: (0..<(2 * 16 * 128)).map { Float($0) }, shape: [2, 16, 128])
        let path = dir.file(format == .npy ? "set" : "set.safetensors")
        try inputs.save(to: path, format: format, out: out, metadata: ["seed": "3"])
        let back = try PagedAttentionInputs.load(path)
        #expect(back.params == inputs.params)
        for (a, b) in zip(inputs.namedTensors(out: out), back.namedTensors(out: back.out)) {
            #expect(a.name == b.name && a.tensor.isBitwiseEqual(to: b.tensor), "\(a.name)")
        }
        #expect(back.out != nil)
    }

    @Test func paramsMetadataUsesSimplersSpelling() throws {
        let inputs = try PagedAttentionInputs.generate(Self.params, seed: 3)
        #expect(inputs.paramsJSON == #"{"batch":2,"num_heads":16,"kv_head_num":1,"head_dim":128,"block_size":128,"#
                + #""context_len":130,"max_model_len":512,"dtype":"bfloat16","context_lens_list":[130,7]}"#)
    }

    /// Writes the generated inputs with one tensor replaced, and returns the loader's error.
    func loadError(replacing name: String, with tensor: Tensor) throws -> String {
        let inputs = try PagedAttentionInputs.generate(Self.params, seed: 3)
        var file = SafeTensorsFile(tensors: inputs.namedTensors(out: nil))
        file.set(name, tensor)
        let path = dir.file("bad.safetensors")
        try SafeTensorsWriter.write(file, to: path)
        do { _ = try PagedAttentionInputs.load(path) } catch { return "\(error)" }
        return "accepted"
    }

    @Test func badBlockIdNamesRequestAndPosition() throws {
        defer { dir.remove() }
        var ids = [Int32](repeating: 0, count: 8)
        ids[4] = 0; ids[5] = 3  // request 1, position 1: not used (context 7 needs 1 block) → fine
        #expect(try loadError(replacing: "block_table", with: Tensor(i32: ids, shape: [2, 4])) == "accepted")
        ids[1] = 4  // request 0 uses positions 0 and 1 of 4 blocks
        #expect(try loadError(replacing: "block_table", with: Tensor(i32: ids, shape: [2, 4]))
                == "\(dir.file("bad.safetensors")): block_table[0, 1] = 4 is outside [0, 4) (request 0 uses its first 2 entries)")
    }

    @Test func inconsistentTensorsAreNamed() throws {
        defer { dir.remove() }
        let file = dir.file("bad.safetensors")
        #expect(try loadError(replacing: "context_lens", with: Tensor(i32: [600, 1], shape: [2]))
                == "\(file): context length 600 of request 0 exceeds max_model_len 512")
        #expect(try loadError(replacing: "value_cache", with: Tensor(dtype: .bf16, shape: [3, 128, 1, 128]))
                == "\(file): value_cache is bf16[3, 128, 1, 128], expected bf16[4, 128, 1, 128]")
        #expect(try loadError(replacing: "query", with: Tensor(dtype: .f32, shape: [2, 16, 128]))
                == "\(file): tensor 'query' is f32[2, 16, 128], expected bf16 of rank 3")
        #expect(try loadError(replacing: "query", with: Tensor(dtype: .bf16, shape: [2, 16, 64]))
                == "\(file): head_dim must be 128 (got 64)")
    }

    @Test func nonFiniteValuesAreAWarningWithTheirLocation() throws {
        defer { dir.remove() }
        let inputs = try PagedAttentionInputs.generate(Self.params, seed: 3)
        inputs.keyCache.bf16[128 * 128 + 5] = 0x7FC0
        try inputs.save(to: dir.file("nan.safetensors"), format: .safetensors, out: nil)
        let back = try PagedAttentionInputs.load(dir.file("nan.safetensors"))
        #expect(back.warnings == ["\(dir.file("nan.safetensors")): key_cache[1, 0, 0, 5] is nan (the first non-finite value in key_cache)"])
    }

    @Test func missingTensorIsNamed() throws {
        defer { dir.remove() }
        let path = dir.file("x.safetensors")
        try SafeTensorsWriter.write(SafeTensorsFile(tensors: [("query", Tensor(dtype: .bf16, shape: [1, 16, 128]))]), to: path)
        #expect(throws: FormatError.self) { try PagedAttentionInputs.load(path) }
    }
}
