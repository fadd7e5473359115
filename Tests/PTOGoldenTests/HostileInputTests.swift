import Testing
import PTONumerics
import PTOFormats
import PTOCases
import PTOTestSupport

/// Input files whose shapes are legal safetensors but nonsense as paged-attention inputs, and the memory check
/// that refuses a case before it is allocated.
@Suite struct HostileInputTests {
    let dir = TemporaryDirectory("ptosim-hostile")

    func loadError(_ tensors: [(String, Tensor)], metadata: [String: String] = [:]) throws -> any Error {
        let path = dir.file("in.safetensors")
        try SafeTensorsWriter.write(SafeTensorsFile(tensors: tensors, metadata: metadata), to: path)
        do {
            _ = try PagedAttentionInputs.load(path)
        } catch {
            return error
        }
        struct Accepted: Error {}
        return Accepted()
    }

    /// Empty tensors cost no bytes whatever their shape: a block table [0, 2^40] and caches with 2^40-token blocks
    /// once overflowed max_model_len = width × block_size (a crash in a checked build, garbage in -Ounchecked).
    @Test func shapeProductsThatOverflowAreRejected() throws {
        defer { dir.remove() }
        let huge = 1 << 40
        let error = try loadError([
            ("query", Tensor(dtype: .bf16, shape: [0, 16, 128])),
            ("key_cache", Tensor(dtype: .bf16, shape: [0, huge, 1, 128])),
            ("value_cache", Tensor(dtype: .bf16, shape: [0, huge, 1, 128])),
            ("block_table", Tensor(dtype: .i32, shape: [0, huge])),
            ("context_lens", Tensor(dtype: .i32, shape: [0])),
        ])
        #expect(error as? CaseError == CaseError(.invalidParameter, "\(dir.file("in.safetensors")): batch must be at "
                                                 + "least 1 (got 0): the batch is empty"))
    }

    @Test func contextLengthsThatDisagreeWithTheBatch() throws {
        defer { dir.remove() }
        let error = try loadError([
            ("query", Tensor(dtype: .bf16, shape: [2, 16, 128])),
            ("key_cache", Tensor(dtype: .bf16, shape: [1, 64, 1, 128])),
            ("value_cache", Tensor(dtype: .bf16, shape: [1, 64, 1, 128])),
            ("block_table", Tensor(i32: [0, 0], shape: [2, 1])),
            ("context_lens", Tensor(i32: [1, 1, 1], shape: [3])),
        ])
        #expect(error as? CaseError == CaseError(.inconsistentTensors, "\(dir.file("in.safetensors")): context_lens is "
                                                 + "i32[3] but query's batch is 2 (expected i32[2])"))
    }

    @Test func estimatesAreCheckedBeforeAllocation() throws {
        let p = PagedAttentionParams(batch: 4, numHeads: 16, kvHeads: 1, headDim: 128, blockSize: 128, contextLen: 1024,
                                     maxModelLen: 4096)
        // inputs: caches 2·32·128·128·2 + query 4·16·128·2 + table 4·32·4 + lens 4·4; out 4·16·128·4.
        let estimate = MemoryEstimate(p.inputsAndOutputEstimate)
        #expect(estimate.parts == [.init("inputs", 2_097_152 + 16_384 + 512 + 16), .init("out", 32_768)])
        #expect(throws: CaseError(.insufficientMemory, "the test needs an estimated 2.15 MB of memory (inputs 2.11 MB, "
                                  + "out 32.77 kB) but only 1.00 MB is available (a 1 MB budget); use a smaller batch "
                                  + "or context length")) {
            try estimate.check(what: "the test", available: (1_000_000, "a 1 MB budget"))
        }
        try estimate.check(what: "the test", available: (2_147_000, "enough"))
        try estimate.check(what: "the test", available: nil)  // unmeasurable: nothing to check against
        #expect(MemoryEstimate([.init("a", .max), .init("b", 5)]).total == .max, "saturates")
        #expect(MemoryEstimate.format(68_719_476_736) == "68.72 GB" && MemoryEstimate.format(999) == "999 B")
    }

    /// Generating a case larger than any machine is refused by the estimate, not by the allocator.
    @Test func generatingBeyondMemoryIsRefused() {
        let p = PagedAttentionParams(batch: 1 << 20, numHeads: 4096, kvHeads: 1, headDim: 128, blockSize: 128,
                                     contextLen: 1 << 24, maxModelLen: 1 << 24)
        #expect {
            try PagedAttentionInputs.generate(p, seed: 1)
        } throws: { error in
            guard let e = error as? CaseError, e.kind == .insufficientMemory else { return false }
            return e.description.hasPrefix("generating the inputs needs an estimated 9.01 PB of memory (inputs 9.01 PB)")
        }
    }
}
