import CPTOSimd

/// The AVX-512 kernels of the bulk loops (C target `CPTOSimd`), callable only where `SIMDPath.avx512Available`.
///
/// Each reproduces a Swift definition bit for bit: `VectorMath.exp(_:_:count:path:)`, `ElementwiseMath`'s loops,
/// `BF16Convert`'s widen,
/// copy-and-widen, narrow and round trip, `RowReduction`'s folds and `CounterRNG.fillUniformBF16`'s pair loop.
/// Callers normally go through those definitions with `path: .active`; tests call both paths.
public enum SIMDKernels {
    @usableFromInline
    static func exp(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        precondition(SIMDPath.avx512Available, "AVX-512 kernels called on a CPU without AVX-512")
        ExpTable.bits.withUnsafeBufferPointer { ptosimd_exp_f32(src, dst, count, $0.baseAddress) }
    }

    @usableFromInline
    static func map(_ op: ElementwiseMath.Operation, _ d: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>,
                    _ y: UnsafePointer<Float>?, _ s: Float, count: Int) {
        precondition(SIMDPath.avx512Available, "AVX-512 kernels called on a CPU without AVX-512")
        ptosimd_map_f32(x, y, s, op.rawValue, count, d)
    }

    @usableFromInline
    static func widen(_ src: UnsafePointer<UInt16>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        precondition(SIMDPath.avx512Available, "AVX-512 kernels called on a CPU without AVX-512")
        ptosimd_bf16_widen(src, dst, count)
    }

    @usableFromInline
    static func copyAndWiden(_ src: UnsafePointer<UInt16>, _ copy: UnsafeMutablePointer<UInt16>,
                             _ widened: UnsafeMutablePointer<Float>, count: Int) {
        precondition(SIMDPath.avx512Available, "AVX-512 kernels called on a CPU without AVX-512")
        ptosimd_bf16_copy_widen(src, copy, widened, count)
    }

    @usableFromInline
    static func narrow(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<UInt16>, count: Int,
                       rounding: BF16Rounding) {
        precondition(SIMDPath.avx512Available, "AVX-512 kernels called on a CPU without AVX-512")
        ptosimd_bf16_narrow(src, dst, count, rounding == .tiesAwayFromZero ? 1 : 0)
    }

    @usableFromInline
    static func uniformBF16Pairs(key: UInt64, firstDraw: UInt64, pairs: Int, low: Float, width: Float,
                                 _ dst: UnsafeMutablePointer<UInt16>) {
        precondition(SIMDPath.avx512Available, "AVX-512 kernels called on a CPU without AVX-512")
        ptosimd_uniform_bf16_pairs(key, firstDraw, pairs, low, width, dst)
    }

    @usableFromInline
    static func roundTrip(_ values: UnsafeMutablePointer<Float>, count: Int, rounding: BF16Rounding) {
        precondition(SIMDPath.avx512Available, "AVX-512 kernels called on a CPU without AVX-512")
        ptosimd_bf16_round_trip(values, count, rounding == .tiesAwayFromZero ? 1 : 0)
    }

    /// Reduces whole groups of 8 rows (see `RowReduction`); returns how many rows it did.
    @usableFromInline
    static func rowReduce(_ src: UnsafePointer<Float>, rows: Int, cols: Int, rowStep: Int, max: Bool,
                          into dst: UnsafeMutablePointer<Float>, dstStep: Int) -> Int {
        precondition(SIMDPath.avx512Available, "AVX-512 kernels called on a CPU without AVX-512")
        return ptosimd_row_reduce_f32(src, rows, cols, rowStep, dst, dstStep, max ? 1 : 0)
    }
}
