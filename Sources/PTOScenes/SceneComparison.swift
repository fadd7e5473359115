import PTONumerics

/// How one output tensor compares with its golden at the scene's tolerance (torch.allclose's rule: an element
/// passes when |actual − expected| ≤ atol + rtol · |expected|; a NaN never passes).
public struct SceneComparison: Sendable, Equatable {
    /// The output's name.
    public let name: String
    /// Elements compared.
    public let count: Int
    /// Elements outside the tolerance.
    public let mismatches: Int
    /// Elements that differ at all (bit patterns of the fp32 values; NaN against NaN counts as equal).
    public let differing: Int
    /// Largest |actual − expected| (NaN when any element is NaN on one side only).
    public let maxAbsError: Double
    /// Flat index of the largest difference.
    public let worstIndex: Int
    /// The first element outside the tolerance: its flat index, actual and expected values.
    public let firstMismatch: (index: Int, actual: Float, expected: Float)?

    /// Whether every element is within the tolerance.
    public var passed: Bool { mismatches == 0 }
    /// Whether the output equals the golden bit for bit.
    public var exact: Bool { differing == 0 }

    public static func == (a: SceneComparison, b: SceneComparison) -> Bool {
        a.name == b.name && a.count == b.count && a.mismatches == b.mismatches && a.differing == b.differing
            && a.maxAbsError == b.maxAbsError
    }

    /// Compares `actual` with `expected` (same element count; each read as fp32, bf16 widened exactly).
    public static func compare(_ name: String, actual: Tensor, expected: Tensor,
                               tolerance: SceneTolerance) throws -> SceneComparison {
        guard actual.count == expected.count else {
            throw SceneError("output '\(name)': \(actual.count) elements, golden has \(expected.count)")
        }
        // fp32 against fp32 (every scene output so far) reads the buffers directly; other dtypes widen per element.
        if actual.dtype == .f32 && expected.dtype == .f32 {
            let a = actual.f32, e = expected.f32
            return compare(name, count: actual.count, tolerance: tolerance) { (a[$0], e[$0]) }
        }
        return compare(name, count: actual.count, tolerance: tolerance) {
            (actual.floatValue(at: $0), expected.floatValue(at: $0))
        }
    }

    @inline(__always)
    private static func compare(_ name: String, count: Int, tolerance: SceneTolerance,
                                _ values: (Int) -> (actual: Float, expected: Float)) -> SceneComparison {
        var mismatches = 0, differing = 0, maxAbs = 0.0, worst = 0
        var first: (Int, Float, Float)?
        for i in 0..<count {
            let (a, e) = values(i)
            if a.bitPattern != e.bitPattern && !(a.isNaN && e.isNaN) { differing += 1 }
            let d = Double(abs(a - e))
            if d > maxAbs || (d.isNaN && !maxAbs.isNaN) {
                maxAbs = d
                worst = i
            }
            let ok = d <= tolerance.atol + tolerance.rtol * Double(abs(e))
            if !ok {
                mismatches += 1
                if first == nil { first = (i, a, e) }
            }
        }
        return SceneComparison(name: name, count: count, mismatches: mismatches, differing: differing,
                               maxAbsError: maxAbs, worstIndex: worst, firstMismatch: first.map { (index: $0.0, actual: $0.1, expected: $0.2) })
    }
}

/// A scene-level error with a one-line description.
public struct SceneError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = OneLineMessage.clean(description) }
}
