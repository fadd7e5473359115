#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock phase timing for `--timings` (monotonic clock, seconds).
public struct Stopwatch {
    private var start = Stopwatch.now()
    /// Phases measured so far, in order.
    public private(set) var phases: [(name: String, seconds: Double)] = []

    public init() {}

    /// Seconds since an arbitrary fixed point.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// CPU seconds (user + system) the whole process has used so far, over all its threads.
    public static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Ends the current phase under `name` and starts the next.
    public mutating func lap(_ name: String) {
        let t = Stopwatch.now()
        phases.append((name, t - start))
        start = t
    }

    /// Ends the current phase as the named parts someone else measured inside it (the front end's phases).
    public mutating func split(_ parts: [(name: String, seconds: Double)]) {
        phases += parts
        start = Stopwatch.now()
    }

    /// Ends the current phase under `name` and returns its length in seconds.
    @discardableResult
    public mutating func lapSeconds(_ name: String) -> Double {
        lap(name)
        return phases.last!.seconds
    }

    /// `generate 0.412 s, golden 0.903 s, write 0.377 s, total 1.692 s`.
    public var summary: String {
        let total = phases.reduce(0) { $0 + $1.seconds }
        return (phases + [("total", total)]).map { "\($0.name) \(fixed($0.seconds, 3)) s" }
            .joined(separator: ", ")
    }
}

