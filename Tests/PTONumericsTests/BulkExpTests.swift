import Testing
import PTONumerics

/// The bulk `VectorMath.exp(_:_:count:)` must equal the scalar definition `Float(exp(Double(x)))` bit for bit on
/// every input: the emulated TEXP uses the bulk form and the references may use either.
@Suite struct BulkExpTests {
    static func bulk(_ xs: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { d in VectorMath.exp(s.baseAddress!, d.baseAddress!, count: xs.count) }
        }
        return out
    }

    static func mismatches(_ xs: [Float]) -> [Float] {
        zip(xs, bulk(xs)).filter { x, y in VectorMath.exp(x).bitPattern != y.bitPattern }.map(\.0)
    }

    /// Every float on a fine grid over the whole finite-result range, plus the edges.
    @Test func sweepMatchesTheScalarDefinition() {
        var xs: [Float] = []
        var x: Float = -110
        while x < 95 { xs.append(x); x += 0.000_37 }
        xs += [0, -0, .infinity, -.infinity, .nan, -.nan, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
               .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 88.72283, 88.72284, -87.33654, -87.33655, -103.97208,
               -103.97209, 87, -87, 88, 1e-8, -1e-8]
        let bad = Self.mismatches(xs)
        #expect(bad.isEmpty, "\(bad.count) mismatches, first \(bad.prefix(5))")
    }

    /// Softmax-like arguments (s·scale − max, mostly in [-20, 0]) at every bit pattern of a range of exponents:
    /// consecutive floats, so values next to float rounding boundaries of the result are covered.
    @Test func consecutiveFloatsMatch() {
        var xs: [Float] = []
        for start: Float in [-9.5, -2.25, -0.7, -0.001, 0.3, 5.5, 80] {
            var bits = start.bitPattern
            for _ in 0..<200_000 { xs.append(Float(bitPattern: bits)); bits &+= 1 }
        }
        let bad = Self.mismatches(xs)
        #expect(bad.isEmpty, "\(bad.count) mismatches, first \(bad.prefix(5))")
    }

    /// In place (`src` == `dst`), as TEXP on one tile does.
    @Test func inPlaceMatches() {
        var xs: [Float] = (0..<4096).map { Float($0) * -0.0049 }
        let expected = xs.map { VectorMath.exp($0) }
        xs.withUnsafeMutableBufferPointer { VectorMath.exp($0.baseAddress!, $0.baseAddress!, count: $0.count) }
        #expect(xs.map(\.bitPattern) == expected.map(\.bitPattern))
    }
}
