import PTONumerics
import PTOScenes

/// How an emulated output compares with a reference, the way simpler's test judges it (`torch.allclose`:
/// |out − ref| ≤ atol + rtol·|ref| everywhere).
public struct OutputComparison: Sendable {
    public var maxAbsDiff: Float
    /// Flat index of the largest difference.
    public var worstIndex: Int
    /// Elements outside the allclose bound.
    public var failures: Int
    public var passed: Bool { failures == 0 }

    /// `nanEqual`: NaN in both at the same place counts as a match (for the exact comparison with the kernel
    /// formulation, where NaN inputs must give NaN in the same places); allclose itself treats NaN as a failure.
    public init(_ out: Tensor, _ reference: Tensor, rtol: Float, atol: Float, nanEqual: Bool = false) {
        var worst: Float = 0, at = 0, bad = 0
        let a = out.f32, b = reference.f32
        for i in 0..<out.count {
            if nanEqual && a[i].isNaN && b[i].isNaN { continue }
            let d = abs(a[i] - b[i])
            if !(d <= atol + rtol * abs(b[i])) { bad += 1 }
            if d > worst || (d.isNaN && !worst.isNaN) { worst = d; at = i }
        }
        maxAbsDiff = worst
        worstIndex = at
        failures = bad
    }
}

extension OutputComparison {
    /// A comparison at a tolerance, as the front end made it.
    init(_ c: SceneComparison) {
        maxAbsDiff = Float(c.maxAbsError)
        worstIndex = c.worstIndex
        failures = c.mismatches
    }

    /// A bit-exact comparison, as the front end made it (NaN against NaN is equal).
    init(exact c: SceneComparison) {
        maxAbsDiff = Float(c.maxAbsError)
        worstIndex = c.worstIndex
        failures = c.differing
    }
}
