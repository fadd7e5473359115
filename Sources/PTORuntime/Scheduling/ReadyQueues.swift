/// Ready tasks waiting for cores, per tier and shape (simpler's ready queues): sync-start cohorts first, then MIX,
/// then single-core AIC and AIV tasks.
struct ReadyQueues {
    var syncStart = FIFO<TaskNode>()
    var mix = FIFO<TaskNode>()
    var aic = FIFO<TaskNode>()
    var aiv = FIFO<TaskNode>()

    mutating func push(_ t: TaskNode) {
        if t.isSyncStart {
            syncStart.push(t)
            return
        }
        switch t.shape {
        case .mix: mix.push(t)
        case .aic: aic.push(t)
        case .aiv: aiv.push(t)
        case .dummy: break
        }
    }

    var isEmpty: Bool { syncStart.isEmpty && mix.isEmpty && aic.isEmpty && aiv.isEmpty }

    mutating func removeAll() {
        syncStart.removeAll()
        mix.removeAll()
        aic.removeAll()
        aiv.removeAll()
    }
}

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
