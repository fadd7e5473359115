import PTOCore

extension Tile {
    /// A tile of `rows × cols` in `space`, TASSIGNed to `address`.
    static func placed(_ core: CoreIssuer, _ space: Space, _ rows: Int, _ cols: Int, _ dtype: ElementType,
                       _ layout: TileLayout = .rowMajor, validRows: Int? = nil, at address: Int) throws -> Tile {
        var t = Tile(space, rows: rows, cols: cols, dtype, layout: layout, validRows: validRows)
        try core.tassign(&t, address)
        return t
    }
}
