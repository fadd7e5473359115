import PTOCases
import PTOKernels

/// How emulation time grows with the work: four sizes of a case (batch and context scaled down by 2 and 4, so
/// batch × context doubles from one size to the next) on all workers, and the full size on one thread.
struct ScalingBench {
    struct Point {
        let batch: Int
        let contextLen: Int
        let threads: Int
        let seconds: [Double]
        var work: Int { batch * contextLen }
    }

    var points: [Point] = []

    /// time ≈ intercept + slope · (batch × context) over the multi-threaded sizes (medians), and the largest
    /// relative deviation of a median from that line: how close to linear the emulation's cost is.
    var linearFit: (intercept: Double, slope: Double, worstDeviation: Double, sizes: Int)? {
        let threads = points.map(\.threads).max() ?? 1
        let xy = points.filter { $0.threads == threads }.map { (Double($0.work), SampleStats($0.seconds).median) }
        guard xy.count >= 2 else { return nil }
        let n = Double(xy.count)
        let mx = xy.reduce(0) { $0 + $1.0 } / n, my = xy.reduce(0) { $0 + $1.1 } / n
        let sxx = xy.reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) }
        guard sxx > 0 else { return nil }
        let slope = xy.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / sxx
        let intercept = my - slope * mx
        let worst = xy.map { abs(intercept + slope * $0.0 - $0.1) / $0.1 }.max() ?? 0
        return (intercept, slope, worst, xy.count)
    }

    /// The four (batch, context) sizes for `base`, smallest first.
    static func sizes(_ base: PagedAttentionParams) -> [(batch: Int, context: Int)] {
        let b = base.batch, c = base.maxContextLen
        return [(max(1, b / 4), max(1, c / 2)), (max(1, b / 2), max(1, c / 2)), (max(1, b / 2), c), (b, c)]
    }

    static func run(_ base: PagedAttentionParams, runner: BenchRunner) throws -> ScalingBench {
        var out = ScalingBench()
        var plans = sizes(base).map { ($0.batch, $0.context, runner.workers) }
        if runner.workers > 1 { plans.append((base.batch, base.maxContextLen, 1)) }
        for (batch, context, threads) in plans {
            var p = base
            p.batch = batch
            p.contextLens = Array(repeating: context, count: batch)
            let inputs = try PagedAttentionInputs.generate(p, seed: runner.seed, workers: runner.workers)
            var r = runner
            r.workers = threads
            var seconds: [Double] = []
            for i in 0..<runner.runs {
                runner.progress("scaling batch \(batch) context \(context) threads \(threads) \(i + 1)/\(runner.runs)")
                seconds.append(try r.time(.emulation, inputs))
            }
            out.points.append(Point(batch: batch, contextLen: context, threads: threads, seconds: seconds))
        }
        return out
    }
}
