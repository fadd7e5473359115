import PTOCore
import PTORuntime

/// The in-core kernels of `benchmark_bgemm` (the test's `incores`): func_id 0 "GEMM" on an AIC,
/// `kernel_gemm_tile.cpp` (A, B inputs, the partial product P as output, config), and func_id 1 "ADD" on an AIV,
/// `kernel_tile_add.cpp` (C in-out, P input, config: C = C + P in place).
///
/// Both read the int64 `config` tensor `[tile_size, grid_k, num_groups, incore_loop]` from GM with scalar loads at
/// the buffer's start, and run `incore_loop` tiles of edge `tile_size`; an edge other than 16, 32, 64 or 128 falls
/// through the kernels' `switch` and the task issues nothing.
public enum BenchmarkBgemmKernels {
    /// `FUNC_GEMM_TILE` and `FUNC_TILE_ADD`.
    public static let gemm = 0, add = 1
    /// The tile edges the kernels' `switch (tile_size)` instantiates.
    public static let tileSizes = [16, 32, 64, 128]

    /// Registers both kernels on `host`.
    public static func register(on host: KernelHost) {
        host.registerAIC(gemm) { block, gm in
            let (a, b, p) = (block.tensor(0), block.tensor(1), block.tensor(2))
            let (edge, tiles) = config(block.tensor(3))
            return Fp32TileMatmul(a: run(a, gm, edge), b: run(b, gm, edge), c: run(p, gm, edge), tiles: tiles)
        }
        host.registerAIV(add) { block, gm in
            let (c, p) = (block.tensor(0), block.tensor(1))
            let (edge, tiles) = config(block.tensor(2))
            return Fp32TileAdd(x: run(c, gm, edge), y: run(p, gm, edge), out: run(c, gm, edge), tiles: tiles)
        }
    }

    /// The kernels' scalar reads of `cfg[0]` (tile edge) and `cfg[3]` (tiles per task); no tiles at all when the
    /// edge is not one the `switch` handles.
    static func config(_ t: ChipTensor) -> (edge: Int, tiles: Int) {
        let edge = Int(t.tensor.i64[0])
        return tileSizes.contains(edge) ? (edge, Int(t.tensor.i64[3])) : (tileSizes[0], 0)
    }

    static func run(_ t: ChipTensor, _ gm: GMBinder, _ edge: Int) -> GMTileRun {
        GMTileRun(gm.buffer(t), firstElement: t.startOffset, tile: edge)
    }
}
