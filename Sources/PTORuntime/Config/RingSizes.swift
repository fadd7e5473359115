import Foundation

/// The budgets of one ring (one scope depth) of simpler's PTO2 runtime: task-window slots, output-heap bytes and
/// dependency-list entries. Defaults are the compile-time constants `PTO2_TASK_WINDOW_SIZE`, `PTO2_HEAP_SIZE` and
/// `PTO2_DEP_LIST_POOL_SIZE`.
public struct RingSizes: Sendable, Equatable, CustomStringConvertible {
    /// Task slots in the ring; a power of two, at least 4. At most `taskWindow - 1` tasks are in flight.
    public var taskWindow: Int
    /// Bytes of the heap ring that runtime-allocated outputs come from; at least 1024.
    public var heapBytes: Int
    /// Entries of the dependency-list pool (one per producer→consumer edge still waiting); at least 4.
    public var depPool: Int

    /// 16384 slots, 256 MiB, 16384 entries (simpler's defaults).
    public static let defaults = RingSizes(taskWindow: 16384, heapBytes: 256 << 20, depPool: 16384)

    /// Creates ring sizes; call `validate(ring:)` before use.
    public init(taskWindow: Int, heapBytes: Int, depPool: Int) {
        self.taskWindow = taskWindow
        self.heapBytes = heapBytes
        self.depPool = depPool
    }

    /// Checks the limits simpler enforces on each knob, naming the ring and the environment key on failure.
    public func validate(ring: Int) throws {
        if taskWindow < 4 || taskWindow & (taskWindow - 1) != 0 {
            throw RuntimeError.invalidConfiguration(
                "ring \(ring) task window is \(taskWindow); PTO2_RING_TASK_WINDOW must be a power of two >= 4")
        }
        if heapBytes < 1024 {
            throw RuntimeError.invalidConfiguration(
                "ring \(ring) heap is \(heapBytes) bytes; PTO2_RING_HEAP must be at least 1024")
        }
        if depPool < 4 || depPool > Int(Int32.max) {
            throw RuntimeError.invalidConfiguration(
                "ring \(ring) dependency pool is \(depPool) entries; PTO2_RING_DEP_POOL must be in 4...\(Int32.max)")
        }
    }

    public var description: String { "window \(taskWindow), heap \(heapBytes) B, dep pool \(depPool)" }
}

/// An override of one ring knob: one value for every ring, or one value per ring where 0 means "not overridden here"
/// (simpler's CallConfig / environment convention).
public struct RingOverride: Sendable, Equatable {
    /// One entry (all rings) or `RuntimeConfig.ringCount` entries.
    public let values: [Int]

    /// The same value for every ring.
    public static func all(_ value: Int) -> RingOverride { RingOverride(values: [value]) }

    /// One value per ring (0 falls through to the next source).
    public static func perRing(_ values: [Int]) -> RingOverride { RingOverride(values: values) }

    /// The override for `ring`, or nil when it falls through.
    func value(forRing ring: Int) -> Int? {
        let v = values.count == 1 ? values[0] : values[ring]
        return v == 0 ? nil : v
    }

    /// Parses `"64"` or `"64,0,0,128"`, as the `PTO2_RING_*` environment variables are written.
    static func parse(_ text: String, key: String) throws -> RingOverride {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let numbers = parts.map { Int($0) }
        guard parts.count == 1 || parts.count == RuntimeConfig.ringCount,
              numbers.allSatisfy({ $0 != nil && $0! >= 0 }) else {
            throw RuntimeError.invalidConfiguration(
                "\(key)=\(text): expected one non-negative integer or \(RuntimeConfig.ringCount) comma-separated ones")
        }
        return RingOverride(values: numbers.map { $0! })
    }

    func validateShape(key: String) throws {
        guard values.count == 1 || values.count == RuntimeConfig.ringCount, values.allSatisfy({ $0 >= 0 }) else {
            throw RuntimeError.invalidConfiguration(
                "\(key) override \(values): expected one non-negative value or \(RuntimeConfig.ringCount)")
        }
    }
}
