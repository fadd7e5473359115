import ArgumentParser
import PTOCases

extension PTOSimCommand {
    /// `ptosim cases`: the named cases, their tensor shapes and the kernel's tiling of them.
    public struct Cases: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "List the named paged-attention cases with their shapes and the kernel's tiling.",
            discussion: """
                q_tile is the number of query heads one logical block processes (64 from 64 heads, else 16), \
                q_loop = num_heads / q_tile, and logical blocks = batch × q_loop are the SPMD work items the \
                24 clusters share.
                """)

        public init() {}

        public func run() throws {
            print(CaseTable.render(PagedAttentionCases.all), terminator: "")
        }
    }
}

/// The text table `ptosim cases` prints: one row per case, columns aligned.
enum CaseTable {
    static let header = ["name", "batch", "heads", "kv", "dim", "block", "context", "max_len", "q_tile", "q_loop",
                         "logical_blocks", "query", "key/value_cache", "block_table", "inputs"]

    static func row(_ c: PagedAttentionCase) -> [String] {
        let p = c.params
        func shape(_ dims: [Int]) -> String { "[" + dims.map(String.init).joined(separator: ",") + "]" }
        return [c.name, "\(p.batch)", "\(p.numHeads)", "\(p.kvHeads)", "\(p.headDim)", "\(p.blockSize)",
                "\(p.maxContextLen)", "\(p.maxModelLen)", "\(p.qTile)", "\(p.qLoop)", "\(p.logicalBlocks)",
                shape([p.batch, p.numHeads, p.headDim]), shape([p.totalBlocks, p.blockSize, p.kvHeads, p.headDim]),
                shape([p.batch, p.maxBlocksPerRequest]), ByteSize.describe(p.inputByteCount)]
    }

    static func render(_ cases: [PagedAttentionCase]) -> String {
        let rows = [header] + cases.map(row)
        let widths = header.indices.map { col in rows.map { $0[col].count }.max() ?? 0 }
        return rows.map { cells in
            cells.enumerated().map { col, cell in
                let pad = String(repeating: " ", count: widths[col] - cell.count)
                return col == 0 || col >= 11 ? cell + pad : pad + cell  // text left, numbers right
            }.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
        }.joined()
    }
}

/// Human-readable byte counts (decimal units, as disk and network tools print them).
enum ByteSize {
    static func describe(_ bytes: Int) -> String {
        let units = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        for (scale, unit) in units where Double(bytes) >= scale {
            let v = Double(bytes) / scale
            return "\(fixed(v, 2)) \(unit)"
        }
        return "\(bytes) B"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
