import PTONumerics

/// Shared test helpers: the largest absolute difference between two fp32 buffers, and where it is.
public enum Compare {
    /// Returns (maxAbsDiff, index of the first element reaching it). NaN vs non-NaN counts as +inf.
    public static func maxAbsDiff(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> (Float, Int) {
        var worst: Float = 0, at = 0
        for i in 0..<count {
            let d: Float = (a[i].isNaN != b[i].isNaN) ? .infinity : (a[i].isNaN ? 0 : abs(a[i] - b[i]))
            if d > worst { worst = d; at = i }
        }
        return (worst, at)
    }
}
