/// Orchestration-side reads of device data (simpler's `get_tensor_data`).
extension Engine {
    /// Waits for every task that writes the element at `coords` of `tensor` — its owner and the TensorMap's
    /// overlapping writers — then returns the element's index in the buffer.
    func awaitWriters(of tensor: ChipTensor, at coords: [Int]) throws -> Int {
        try locked {
            try throwIfFatal()
            do {
                let index = try tensor.checkedIndex(coords)
                let element = try tensor.view(shape: [Int](repeating: 1, count: tensor.rank), offsets: coords)
                var writers = tensorMap.lookup(element, supersede: false).live
                if let owner = tensor.owner {
                    guard let p = liveOwner(of: tensor) else {
                        throw RuntimeError.tensorReclaimed(tensor: tensor.name, owner: owner)
                    }
                    writers.append(p)
                }
                try wait(until: { writers.allSatisfy { $0.state >= .completed } })
                return index
            } catch let error as RuntimeError {
                throw fail(error)
            }
        }
    }
}

extension Engine {
    /// The task that allocated `t` in this run, if it has not been consumed yet.
    func liveOwner(of t: ChipTensor) -> TaskNode? {
        guard let owner = t.owner, t.ownerRun === token,
              let p = rings[owner.ring].window.task(local: owner.local), p.state != .consumed else { return nil }
        return p
    }
}
