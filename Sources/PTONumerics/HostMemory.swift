#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much memory this host can still give PTOSim: what a run's memory estimate is checked against before
/// anything large is allocated. (The chip's GM is its own 64 GB HBM; the emulator's GM is host RAM.)
///
/// The figure is the kernel's `MemAvailable` (free memory plus what can be reclaimed without swapping), lowered to
/// the room left under a cgroup memory limit when the process runs in a container that has one.
/// `PTOSIM_MEMORY_LIMIT` (bytes, or with a K/M/G suffix) replaces it, to keep PTOSim inside a smaller budget on a
/// shared machine.
public enum HostMemory {
    /// The environment variable that overrides the measured figure.
    public static let overrideVariable = "PTOSIM_MEMORY_LIMIT"

    /// Available bytes and where the figure comes from (for messages), or nil when nothing can be measured.
    public static func available() -> (bytes: Int, source: String)? {
        if let text = getenv(overrideVariable).map({ String(cString: $0) }), !text.isEmpty {
            if let bytes = parseBytes(text) { return (bytes, "\(overrideVariable)=\(text)") }
        }
        var best: (bytes: Int, source: String)?
        if let kb = meminfoKilobytes("MemAvailable") { best = (kb * 1024, "MemAvailable in /proc/meminfo") }
        if let room = cgroupRoom(), room < (best?.bytes ?? .max) { best = (room, "the cgroup's memory limit") }
        if best == nil {
            let pages = Int(sysconf(Int32(_SC_PHYS_PAGES))), size = Int(sysconf(Int32(_SC_PAGESIZE)))
            if pages > 0, size > 0 { best = (pages.multipliedReportingOverflow(by: size).partialValue, "physical memory") }
        }
        return best
    }

    /// Why the `PTOSIM_MEMORY_LIMIT` in the environment cannot be used (it is not a size), or nil when it is a size,
    /// empty or unset. `available()` ignores a value it cannot parse; the command-line tool refuses it with this
    /// message rather than silently measuring the host instead.
    public static func overrideProblem() -> String? {
        guard let text = getenv(overrideVariable).map({ String(cString: $0) }), !text.isEmpty,
              parseBytes(text) == nil else { return nil }
        return "\(overrideVariable)=\(text) is not a size: give bytes or a whole number with K, M, G or T (e.g. 512M)"
    }

    /// "3000000000", "512M", "2G", "64K" (binary units) → bytes; nil for anything else.
    public static func parseBytes(_ text: String) -> Int? {
        let units: [(Character, Int)] = [("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("T", 1 << 40)]
        var digits = Substring(text)
        var scale = 1
        if let last = digits.last, let unit = units.first(where: { $0.0 == last.uppercased().first }) {
            scale = unit.1
            digits = digits.dropLast()
        }
        guard let n = Int(digits), n >= 0 else { return nil }
        let (bytes, overflow) = n.multipliedReportingOverflow(by: scale)
        return overflow ? nil : bytes
    }

    /// A `/proc/meminfo` entry in kB.
    static func meminfoKilobytes(_ key: String) -> Int? {
        guard let text = readSmallFile("/proc/meminfo") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            return line.dropFirst(key.count + 1).split(separator: " ").first.flatMap { Int($0) }
        }
        return nil
    }

    /// Bytes left under this process's cgroup memory limit (v2 `memory.max`, v1 `memory.limit_in_bytes`), or nil
    /// when there is no finite limit. Usage counts the page cache, so inactive file pages (reclaimable, as
    /// `docker stats` also reckons) are given back.
    static func cgroupRoom() -> Int? {
        let v2 = "/sys/fs/cgroup/", v1 = "/sys/fs/cgroup/memory/memory."
        let layouts = [(v2 + "memory.max", v2 + "memory.current", v2 + "memory.stat", "inactive_file"),
                       (v1 + "limit_in_bytes", v1 + "usage_in_bytes", v1 + "stat", "total_inactive_file")]
        for (limitPath, usagePath, statPath, inactiveKey) in layouts {
            guard let limitText = readSmallFile(limitPath) else { continue }
            // "max", or v1's "no limit" value just below 2^63: no limit at this level.
            guard let limit = firstInteger(limitText), limit < (1 << 62) else { return nil }
            let usage = readSmallFile(usagePath).flatMap(firstInteger) ?? 0
            var inactive = 0
            for line in (readSmallFile(statPath) ?? "").split(separator: "\n") where line.hasPrefix(inactiveKey + " ") {
                inactive = Int(line.dropFirst(inactiveKey.count + 1)) ?? 0
            }
            return max(0, limit - max(0, usage - inactive))
        }
        return nil
    }

    private static func firstInteger(_ text: String) -> Int? {
        text.split(separator: "\n").first.flatMap { Int($0) }
    }

    private static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1 << 14)
        var count = 0
        while count < buffer.count {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            count += n
        }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }
}
