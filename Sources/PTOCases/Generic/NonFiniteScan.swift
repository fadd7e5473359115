import PTONumerics
import Synchronization

/// Finds NaN and infinity in loaded Q, K and V. On the chip such values propagate through both matmuls (even rows
/// past a request's context are multiplied by p = 0, and 0·inf is NaN), so they are worth a warning, but they are
/// legal data and the run goes on.
enum NonFiniteScan {
    /// One warning per tensor that holds a non-finite value, naming the first one's position.
    static func warnings(_ inputs: PagedAttentionInputs, file: String, workers: Int = Parallel.defaultWorkers) -> [String] {
        var out: [String] = []
        for (name, tensor) in [("query", inputs.query), ("key_cache", inputs.keyCache),
                               ("value_cache", inputs.valueCache)] {
            if let flat = firstNonFinite(tensor, workers: workers) {
                let index = Shape.index(of: flat, in: tensor.shape).map(String.init).joined(separator: ", ")
                let value = BFloat16(bitPattern: tensor.bf16[flat]).float
                out.append("\(file): \(name)[\(index)] is \(value) (the first non-finite value in \(name))")
            }
        }
        return out
    }

    /// Elements per parallel work item.
    static let chunk = 1 << 20

    /// Index of the first bf16 of `tensor` whose exponent bits are all ones (inf or NaN). Chunks are checked in
    /// parallel with a branch-free test on four bf16 per 64-bit word; only the first flagged chunk is searched.
    static func firstNonFinite(_ tensor: Tensor, workers: Int) -> Int? {
        let count = tensor.count
        let chunks = (count + chunk - 1) / chunk
        let firstFlagged = Mutex<Int>(Int.max)
        Parallel.forEach(chunks, workers: workers) { c, _ in
            let start = c * chunk, end = min(count, start + chunk)
            if containsNonFinite(tensor.bf16 + start, count: end - start) {
                firstFlagged.withLock { $0 = min($0, c) }
            }
        }
        let c = firstFlagged.withLock { $0 }
        guard c != Int.max else { return nil }
        let bits = tensor.bf16
        return (c * chunk..<min(count, (c + 1) * chunk)).first { bits[$0] & 0x7F80 == 0x7F80 }
    }

    /// True when any of `count` bf16 values is inf or NaN.
    static func containsNonFinite(_ bits: UnsafePointer<UInt16>, count: Int) -> Bool {
        let exponent: UInt64 = 0x7F80_7F80_7F80_7F80
        let ones: UInt64 = 0x0001_0001_0001_0001, highs: UInt64 = 0x8000_8000_8000_8000
        var words = 0
        var flags: UInt64 = 0
        if Int(bitPattern: bits) % 8 == 0 {
            words = count / 4
            let w = UnsafeRawPointer(bits).assumingMemoryBound(to: UInt64.self)
            for i in 0..<words {
                // A lane is non-finite iff (lane & 0x7F80) ^ 0x7F80 is zero; bit 15 of every lane is then clear,
                // so the classic "has a zero lane" test is exact.
                let x = (w[i] & exponent) ^ exponent
                flags |= (x &- ones) & ~x & highs
            }
        }
        var tail = false
        for i in (words * 4)..<count where bits[i] & 0x7F80 == 0x7F80 { tail = true }
        return flags != 0 || tail
    }
}
