import PTOCore
import PTORuntime

/// The in-core kernels of `alternating_matmul_add` (the test's `incores`): func_id 0 on an AIC, `kernel_matmul.cpp`,
/// and func_id 1 on an AIV, `kernel_add.cpp`. Each task receives three 1-D fp32 views (two inputs, one output) and
/// works through `shapes[0] / (128 · 128)` consecutive 128×128 tiles of them.
public enum AlternatingMatmulAddKernels {
    /// `FUNC_MATMUL` and `FUNC_ADD`.
    public static let matmul = 0, add = 1
    /// The kernels' fixed tile edge.
    public static let tile = 128

    /// Registers both kernels on `host`.
    public static func register(on host: KernelHost) {
        host.registerAIC(matmul) { block, gm in
            let (a, b, c) = (block.tensor(0), block.tensor(1), block.tensor(2))
            return Fp32TileMatmul(a: run(a, gm), b: run(b, gm), c: run(c, gm), tiles: tiles(a))
        }
        host.registerAIV(add) { block, gm in
            let (x, y, z) = (block.tensor(0), block.tensor(1), block.tensor(2))
            return Fp32TileAdd(x: run(x, gm), y: run(y, gm), out: run(z, gm), tiles: tiles(x))
        }
    }

    /// `get_num_tiles`: the first input's `shapes[0]` over the tile's element count.
    static func tiles(_ t: ChipTensor) -> Int { t.shape[0] / (tile * tile) }

    static func run(_ t: ChipTensor, _ gm: GMBinder) -> GMTileRun {
        GMTileRun(gm.buffer(t), firstElement: t.startOffset, tile: tile)
    }
}
