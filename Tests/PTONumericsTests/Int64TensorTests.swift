import Testing
import PTONumerics

/// int64 tensors (benchmark_bgemm's `config`): 8-byte elements, read back exactly, widened to Float by conversion.
@Suite struct Int64TensorTests {
    @Test func valuesSizeAndWidening() {
        let t = Tensor(i64: [128, 2, -250, Int64(1) << 40], shape: [4])
        #expect(DType.i64.size == 8 && t.byteCount == 32)
        #expect(t.i64[2] == -250 && t.i64[3] == 1 << 40)
        #expect(t.floatArray() == [128, 2, -250, Float(1 << 40)])
        #expect(t.copy().isBitwiseEqual(to: t))
    }
}

