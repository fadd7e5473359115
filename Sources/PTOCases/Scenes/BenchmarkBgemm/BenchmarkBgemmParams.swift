/// The parameters of one `benchmark_bgemm` case, as simpler's test declares them: `matmul_add_task_num` GEMM tasks
/// (each followed by an add task), split into `num_groups = matmul_add_task_num / grid_k` groups of `grid_k`
/// partial products; every task works on `incore_loop` square fp32 tiles of edge `incore_data_size`.
public struct BenchmarkBgemmParams: Sendable, Equatable {
    /// Tile edges the kernels handle (their `switch (tile_size)`; any other size leaves C untouched).
    public static let supportedTileSizes = [16, 32, 64, 128]

    public var taskCount: Int
    public var tileSize: Int
    public var incoreLoop: Int
    public var gridK: Int

    /// Reads and checks the parameters of `c`.
    public init(_ c: SceneCase) throws {
        taskCount = try c.int("matmul_add_task_num")
        tileSize = try c.int("incore_data_size")
        incoreLoop = try c.int("incore_loop")
        gridK = try c.int("grid_k")
        for (name, v) in [("matmul_add_task_num", taskCount), ("incore_loop", incoreLoop), ("grid_k", gridK)]
            where v < 1 {
            throw CaseError(.invalidParameter, "case \(c.name): \(name) must be at least 1 (got \(v))")
        }
        guard Self.supportedTileSizes.contains(tileSize) else {
            throw CaseError(.invalidParameter, "case \(c.name): incore_data_size \(tileSize) is not a tile size the "
                + "kernels handle (16, 32, 64 or 128)")
        }
        guard taskCount >= gridK else {
            throw CaseError(.invalidParameter, "case \(c.name): matmul_add_task_num \(taskCount) is below grid_k "
                + "\(gridK), so there is no group of tasks")
        }
        // The orchestration addresses views with 32-bit element offsets and shapes.
        let (elements, overflow) = (numGroups * gridK * incoreLoop).multipliedReportingOverflow(by: tileElements)
        guard !overflow, elements <= Int(UInt32.max) else {
            throw CaseError(.invalidParameter, "case \(c.name): A and B would hold more elements than the "
                + "orchestration's 32-bit view offsets reach")
        }
    }

    /// Independent groups (`matmul_add_task_num / grid_k`; a remainder of tasks is dropped, as in simpler).
    public var numGroups: Int { taskCount / gridK }
    /// Elements of one tile.
    public var tileElements: Int { tileSize * tileSize }
    /// Elements of one task's view (`incore_loop` tiles).
    public var groupElements: Int { incoreLoop * tileElements }
    /// Elements of A and of B: `[num_groups, grid_k, incore_loop, tile, tile]`.
    public var abElements: Int { numGroups * gridK * groupElements }
    /// Elements of C: `[incore_loop · num_groups, tile, tile]`.
    public var cElements: Int { numGroups * groupElements }
    /// The `config` tensor: `[tile_size, grid_k, num_groups, incore_loop]`.
    public var config: [Int64] { [Int64(tileSize), Int64(gridK), Int64(numGroups), Int64(incoreLoop)] }
}
