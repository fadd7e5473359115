/// The tile shapes the four unroll kernels are compiled for. Each kernel is a template instantiated twice and picks
/// the instance from the q-tile rows of its first tensor argument at run time: 16 rows → head_dim 128 with blocks of
/// 128 tokens (simpler's Case1), anything else → 64 rows, head_dim 128, blocks of 64 tokens (Case2). Other shapes are
/// not supported by the kernels; a launch with them runs the 64-row instance, as the chip would.
public struct UnrollTileShape: Sendable, Equatable {
    /// Query rows of one task (M of QK and PV, rows of the softmax and update tiles).
    public let qRows: Int
    /// Elements per head (K of QK, N of PV and of the update tiles).
    public let headDim: Int
    /// Tokens per KV block (N of QK, K of PV, columns of the softmax tiles).
    public let blockSize: Int

    /// The instance the kernels dispatch to for `qTileRows` rows.
    public static func dispatch(qTileRows: Int) -> UnrollTileShape {
        qTileRows == 16 ? UnrollTileShape(qRows: 16, headDim: 128, blockSize: 128)
                        : UnrollTileShape(qRows: 64, headDim: 128, blockSize: 64)
    }

    /// Rows of a column-vector (DN) tile of `qRows` fp32 values, padded to 32 bytes.
    var alignedRows: Int { (qRows * 4 + 31) / 32 * 8 }
    /// Rows of the ND (rows × 8) tile holding the same `qRows` fp32 values.
    var scalarRows: Int { qRows / 8 }
}
