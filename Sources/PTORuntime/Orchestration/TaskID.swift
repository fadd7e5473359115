/// Identity of a submitted task: its ring and its sequence number within that ring (simpler's `PTO2TaskId`,
/// `ring << 32 | local_id`). The task's slot in the ring's window is `local & (window - 1)`.
public struct TaskID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Ring (= min(scope depth, 3)).
    public let ring: Int
    /// Sequence number within the ring, counting from 0 for each run.
    public let local: Int

    /// Creates an id.
    public init(ring: Int, local: Int) {
        self.ring = ring
        self.local = local
    }

    /// simpler's packed 64-bit form.
    public var packed: UInt64 { UInt64(ring) << 32 | UInt64(UInt32(truncatingIfNeeded: local)) }

    public var description: String { "r\(ring):\(local)" }

    public static func < (a: TaskID, b: TaskID) -> Bool { (a.ring, a.local) < (b.ring, b.local) }
}
