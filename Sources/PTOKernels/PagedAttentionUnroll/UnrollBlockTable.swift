import PTORuntime

/// Scalar reads of the block table a kernel does before issuing its DMA: `bt[offset + i]` from the table's buffer
/// base (the kernels index the whole table, not the task's view of it).
enum UnrollBlockTable {
    static func ids(_ table: ChipTensor, offset: Int, count: Int) -> [Int] {
        let base = table.tensor.i32
        return (0..<max(count, 0)).map { Int(base[offset + $0]) }
    }
}
