import Testing
import PTONumerics

/// The vectorized bulk loops must agree element for element with the scalar conversions.
@Suite struct BulkConversionTests {
    static let specials: [Float] = [0, -0, .infinity, -.infinity, .nan, -.nan, .greatestFiniteMagnitude,
                                    .leastNonzeroMagnitude, Float(bitPattern: 0x3F80_8000), Float(bitPattern: 0x7F80_0001)]

    static func sample(_ n: Int) -> [Float] {
        var state: UInt32 = 12345
        return (0..<n).map { i in
            if i % 97 < specials.count { return specials[i % 97] }
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(bitPattern: state)
        }
    }

    @Test(arguments: [0, 1, 7, 64, 1001])
    func narrowAndWidenMatchScalar(count: Int) {
        let src = Self.sample(count)
        for rounding in BF16Rounding.allCases {
            let bulk = BF16Convert.narrow(src, rounding: rounding)
            #expect(bulk == src.map { BFloat16($0, rounding: rounding).bitPattern })
            let widened = BF16Convert.widen(bulk)
            #expect(widened.map(\.bitPattern) == bulk.map { BFloat16(bitPattern: $0).float.bitPattern })
            var trip = src
            trip.withUnsafeMutableBufferPointer { b in
                if let base = b.baseAddress { BF16Convert.roundTrip(base, count: count, rounding: rounding) }
            }
            #expect(trip.map(\.bitPattern) == widened.map(\.bitPattern))
        }
    }
}
