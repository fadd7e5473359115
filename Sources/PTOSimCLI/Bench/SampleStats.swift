/// Minimum, median and maximum of repeated timings (the median of an even count is the mean of the middle two).
struct SampleStats {
    let min: Double
    let median: Double
    let max: Double

    init(_ samples: [Double]) {
        let s = samples.sorted()
        guard let first = s.first, let last = s.last else {
            self.min = .nan; median = .nan; self.max = .nan
            return
        }
        self.min = first
        self.max = last
        median = s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
