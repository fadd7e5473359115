/// The outcome of a stress run: what `ptosim stress` prints.
public struct StressReport: Sendable {
    /// Tasks submitted.
    public let tasks: Int
    /// (task, producer) pairs where the task started before the producer completed. 0 for a correct runtime.
    public let violations: Int
    /// Accumulator and slab floats that differ from the serial replay. 0 for a correct runtime.
    public let mismatches: Int
    /// Wraps summed over the rings: task window, heap, dependency pool.
    public let taskWindowWraps: Int
    public let heapWraps: Int
    public let depPoolWraps: Int
    /// Submits that had to wait for a ring resource, summed over rings and resources.
    public let backpressureWaits: Int
    /// Most tasks in flight on any one ring.
    public let maxInFlight: Int
    /// Host seconds for the run.
    public let wallSeconds: Double
    /// The underlying run.
    public let run: RunReport

    init(run: RunReport, violations: Int, mismatches: Int) {
        self.run = run
        tasks = run.tasks.count
        self.violations = violations
        self.mismatches = mismatches
        taskWindowWraps = run.rings.map(\.taskWindowWraps).reduce(0, +)
        heapWraps = run.rings.map(\.heapWraps).reduce(0, +)
        depPoolWraps = run.rings.map(\.depPoolWraps).reduce(0, +)
        backpressureWaits = run.rings.map(\.backpressureWaits).reduce(0, +)
        maxInFlight = run.rings.map(\.maxInFlight).max() ?? 0
        wallSeconds = run.wallSeconds
    }

    /// True when every task ran after its producers and the data matches the serial replay.
    public var passed: Bool { violations == 0 && mismatches == 0 }

    /// One JSON object, keys in a fixed order.
    public var json: String {
        "{\"tasks\": \(tasks), \"violations\": \(violations), \"mismatches\": \(mismatches), "
            + "\"ring_wraps\": {\"task_window\": \(taskWindowWraps), \"heap\": \(heapWraps), "
            + "\"dep_pool\": \(depPoolWraps)}, \"backpressure_waits\": \(backpressureWaits), "
            + "\"max_in_flight\": \(maxInFlight), \"wall_seconds\": \(String(format: "%.6f", wallSeconds))}"
    }

    /// A few readable lines: totals, then one line per ring that ran tasks.
    public var summary: String {
        var lines = ["\(tasks) tasks in \(String(format: "%.3f", wallSeconds)) s: \(violations) ordering violations, "
            + "\(mismatches) data mismatches — \(passed ? "PASS" : "FAIL")"]
        for r in run.rings where r.tasks > 0 {
            lines.append("  ring \(r.ring): \(r.tasks) tasks, max in flight \(r.maxInFlight)/\(r.sizes.taskWindow - 1), "
                + "wraps window \(r.taskWindowWraps) heap \(r.heapWraps) dep pool \(r.depPoolWraps), "
                + "waits window \(r.taskWindowWaits) heap \(r.heapWaits) dep pool \(r.depPoolWaits)")
        }
        return lines.joined(separator: "\n")
    }
}
