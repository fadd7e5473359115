/// One part of a batch split across machines: shard `index` of `count` computes a contiguous range of requests.
///
/// Requests are independent in paged attention, so shards need nothing from each other; their outputs are joined
/// afterwards (`OutputShards.merge`). Ranges tile the batch in order and differ in size by at most one request:
/// shard i covers `[i·batch/count, (i+1)·batch/count)`.
public struct BatchShard: Sendable, Equatable, CustomStringConvertible {
    /// 0-based position of this shard.
    public let index: Int
    /// Number of shards the batch is split into.
    public let count: Int

    /// Most shards a batch may be split into.
    public static let maxCount = 1 << 16

    public init(index: Int, count: Int) throws(CaseError) {
        guard count >= 1, count <= Self.maxCount else {
            throw CaseError(.invalidParameter, "shard count \(count) must be between 1 and \(Self.maxCount)")
        }
        guard index >= 0, index < count else {
            throw CaseError(.invalidParameter, "shard index \(index) must be between 0 and \(count - 1) for \(count) shards")
        }
        self.index = index
        self.count = count
    }

    /// Parses `I/N` (0-based I), for example `2/8`.
    public static func parse(_ text: String) throws(CaseError) -> BatchShard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw CaseError(.invalidParameter, "shard '\(text)' is not of the form I/N (0-based index I of N shards, e.g. 0/4)")
        }
        return try BatchShard(index: i, count: n)
    }

    /// The requests this shard computes out of a batch of `batch`. Shards beyond the batch get an empty range.
    public func requests(batch: Int) -> Range<Int> {
        // Multiplications stay far below overflow: batch ≤ 2^20 and count ≤ 2^16.
        (index * batch / count) ..< ((index + 1) * batch / count)
    }

    /// `I/N`.
    public var description: String { "\(index)/\(count)" }
}
