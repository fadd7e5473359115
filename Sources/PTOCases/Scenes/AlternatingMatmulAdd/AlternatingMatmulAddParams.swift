/// The parameters of one `alternating_matmul_add` case, as simpler's test declares them: `batch` batches of `M`
/// 128×128 fp32 matmuls and `N` 128×128 fp32 adds, submitted in groups of `matmul_batch` matmul tiles and
/// `add_batch` add tiles per task.
public struct AlternatingMatmulAddParams: Sendable, Equatable {
    /// Edge of every tile (the kernels' `128`).
    public static let tile = 128
    /// Elements of one tile.
    public static let tileElements = tile * tile

    public var batch: Int
    public var m: Int
    public var n: Int
    public var matmulBatch: Int
    public var addBatch: Int

    /// Reads and checks the parameters of `c` (`matmul_batch` and `add_batch` default to 1, as in the test).
    public init(_ c: SceneCase) throws {
        batch = try c.int("batch")
        m = try c.int("M")
        n = try c.int("N")
        matmulBatch = try c.int("matmul_batch", default: 1)
        addBatch = try c.int("add_batch", default: 1)
        for (name, v) in [("batch", batch), ("M", m), ("N", n), ("matmul_batch", matmulBatch), ("add_batch", addBatch)]
            where v < 1 {
            throw CaseError(.invalidParameter, "case \(c.name): \(name) must be at least 1 (got \(v))")
        }
        // The orchestration addresses views with 32-bit element offsets and shapes.
        for (name, tiles) in [("A, B and C", batch * m), ("X, Y and Z", batch * n)]
            where tiles > Int(UInt32.max) / Self.tileElements {
            throw CaseError(.invalidParameter, "case \(c.name): \(name) would hold \(tiles) tiles of 128x128; the "
                + "orchestration's 32-bit view offsets reach \(Int(UInt32.max) / Self.tileElements)")
        }
    }

    /// Matmul tiles (`batch · M`) and add tiles (`batch · N`).
    public var matmulTiles: Int { batch * m }
    public var addTiles: Int { batch * n }
    /// Matmul and add tasks the orchestration submits (whole groups only; a remainder is never submitted).
    public var matmulGroups: Int { matmulTiles / matmulBatch }
    public var addGroups: Int { addTiles / addBatch }
}
