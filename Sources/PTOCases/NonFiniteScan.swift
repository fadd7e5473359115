import PTONumerics

/// Finds NaN and infinity in loaded Q, K and V. On the chip such values propagate through both matmuls (even rows
/// past a request's context are multiplied by p = 0, and 0·inf is NaN), so they are worth a warning, but they are
/// legal data and the run goes on.
enum NonFiniteScan {
    /// One warning per tensor that holds a non-finite value, naming the first one's position.
    static func warnings(_ inputs: PagedAttentionInputs, file: String) -> [String] {
        var out: [String] = []
        for (name, tensor) in [("query", inputs.query), ("key_cache", inputs.keyCache),
                               ("value_cache", inputs.valueCache)] {
            if let flat = firstNonFinite(tensor.bf16, count: tensor.count) {
                let index = Shape.index(of: flat, in: tensor.shape).map(String.init).joined(separator: ", ")
                let value = BFloat16(bitPattern: tensor.bf16[flat]).float
                out.append("\(file): \(name)[\(index)] is \(value) (the first non-finite value in \(name))")
            }
        }
        return out
    }

    /// Index of the first bf16 whose exponent bits are all ones (inf or NaN), scanning in vectorizable chunks.
    static func firstNonFinite(_ bits: UnsafePointer<UInt16>, count: Int) -> Int? {
        let chunk = 4096
        var start = 0
        while start < count {
            let end = min(count, start + chunk)
            var any: UInt16 = 0
            for i in start..<end { any |= (bits[i] & 0x7F80) == 0x7F80 ? 1 : 0 }
            if any != 0 { return (start..<end).first { bits[$0] & 0x7F80 == 0x7F80 } }
            start = end
        }
        return nil
    }
}
