/// A first-in first-out queue with O(1) amortised push and pop, used for the ready queues and the block-job queue.
struct FIFO<Element> {
    private var items: [Element] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }
    var count: Int { items.count - head }
    var first: Element? { isEmpty ? nil : items[head] }

    mutating func push(_ e: Element) { items.append(e) }

    mutating func pop() -> Element? {
        guard !isEmpty else { return nil }
        let e = items[head]
        head += 1
        // Compact once the consumed prefix dominates, so memory follows the live length.
        if head > 64 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return e
    }

    mutating func removeAll() {
        items.removeAll()
        head = 0
    }
}
