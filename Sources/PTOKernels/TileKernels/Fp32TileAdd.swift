import PTOCore

/// The AIV program of simpler's square fp32 tile add kernels (`kernel_add.cpp` of alternating_matmul_add, out = x + y,
/// and `kernel_tile_add.cpp` of benchmark_bgemm, C = C + P written back in place, which issue the same sequence):
/// for each of `tiles` consecutive tiles, out[t] = x[t] + y[t] with every operand `tile × tile` fp32.
///
/// Per tile, as the kernel's `add_impl` / `tile_add_impl`: Vec tiles x at UB 0x0, y at 0x10000 and the sum at
/// 0x20000; TLOAD x, TLOAD y; MTE2→V event 0; TADD; V→MTE3 event 0; TSTORE; then `pipe_sync()`, MTE3→S event 7.
/// `step` issues one tile.
public struct Fp32TileAdd: CoreProgram {
    let x: GMTileRun, y: GMTileRun, out: GMTileRun
    let tiles: Int
    var next = 0

    /// `tiles` sums out[t] = x[t] + y[t] over the three runs (`out` may be `x`: the in-place accumulation).
    public init(x: GMTileRun, y: GMTileRun, out: GMTileRun, tiles: Int) {
        self.x = x
        self.y = y
        self.out = out
        self.tiles = tiles
    }

    /// UB addresses of the three Vec tiles (the kernel's TASSIGNs).
    public static let xAddress = 0x0, yAddress = 0x10000, sumAddress = 0x20000

    public mutating func step(_ core: CoreIssuer) throws -> Bool {
        guard next < tiles else { return false }
        let t = next, edge = x.tile
        func placed(at address: Int) throws -> Tile {
            var v = Tile(.ub, rows: edge, cols: edge, .f32)
            try core.tassign(&v, address)
            return v
        }
        let xTile = try placed(at: Self.xAddress), yTile = try placed(at: Self.yAddress)
        let sum = try placed(at: Self.sumAddress)
        core.tload(xTile, x.view(t), label: "aiv.tile-add.tload-x", detail: t)
        core.tload(yTile, y.view(t), label: "aiv.tile-add.tload-y", detail: t)
        core.setFlag(.mte2, .v, 0, label: "aiv.tile-add.mte2-v", detail: t)
        core.waitFlag(.mte2, .v, 0, label: "aiv.tile-add.mte2-v", detail: t)
        core.tadd(sum, xTile, yTile, label: "aiv.tile-add.tadd", detail: t)
        core.setFlag(.v, .mte3, 0, label: "aiv.tile-add.v-mte3", detail: t)
        core.waitFlag(.v, .mte3, 0, label: "aiv.tile-add.v-mte3", detail: t)
        core.tstore(out.view(t), sum, label: "aiv.tile-add.tstore", detail: t)
        core.pipeSync(label: "aiv.tile-add.pipe-sync", detail: t)
        next += 1
        return true
    }
}
