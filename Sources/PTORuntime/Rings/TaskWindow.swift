/// The task ring of one scope depth (simpler's task window): `window` slots indexed by `local & (window - 1)`, a head
/// the orchestrator advances on submit and a tail that moves over the contiguous prefix of consumed tasks.
///
/// At most `window - 1` tasks are in flight (allocated and not yet reclaimed). Reclaim is strictly in order: one
/// long-lived old task pins every slot behind it.
struct TaskWindow {
    let window: Int
    private let mask: Int
    /// Next local id to hand out.
    private(set) var head = 0
    /// Oldest task not yet reclaimed (simpler's `last_task_alive`).
    private(set) var tail = 0
    private var slots: [TaskNode?]
    /// Times the head went past the last slot and restarted at slot 0.
    private(set) var wraps = 0
    /// Most tasks in flight at once.
    private(set) var maxInFlight = 0

    init(window: Int) {
        self.window = window
        mask = window - 1
        slots = Array(repeating: nil, count: window)
    }

    /// Tasks allocated and not yet reclaimed.
    var inFlight: Int { head - tail }
    /// True when one more task may be allocated.
    var hasRoom: Bool { inFlight + 1 < window }
    /// The oldest live task, if any.
    var oldest: TaskNode? { inFlight > 0 ? slots[tail & mask] : nil }

    /// The live task with `local` id, or nil if it was already reclaimed (or never allocated).
    func task(local: Int) -> TaskNode? {
        guard local >= tail && local < head else { return nil }
        return slots[local & mask]
    }

    /// The local id the next allocation gets.
    var nextLocal: Int { head }

    /// Places `node` in the next slot. The caller checked `hasRoom`.
    mutating func push(_ node: TaskNode) {
        slots[head & mask] = node
        head += 1
        if head & mask == 0 { wraps += 1 }
        maxInFlight = max(maxInFlight, inFlight)
    }

    /// Removes and returns the oldest task if it is consumed, advancing the tail by one.
    mutating func popConsumed() -> TaskNode? {
        guard let node = oldest, node.state == .consumed else { return nil }
        slots[tail & mask] = nil
        tail += 1
        return node
    }
}
