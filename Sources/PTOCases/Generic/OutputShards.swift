import PTONumerics
import PTOFormats

/// Output files of a batch computed in shards, and joining them. A shard file holds the rows of one output tensor
/// for its requests (dimension 0 is the request) and says where they belong in its metadata: `shard` (`I/N`),
/// `requests` (`start:stop`, half-open, like a Python slice) and `batch` (the whole batch), next to whatever else
/// identifies the run (parameters, seed, producer). Merging checks that the shards describe the same run and cover
/// the batch exactly once. What a case puts in the identity is the case's business (see the paged-attention
/// extension).
public enum OutputShards {
    /// Metadata keys that place a shard in its batch.
    public enum Key {
        public static let shard = "shard", requests = "requests", batch = "batch"
        /// Set on a merged file: how many shard files it was joined from.
        public static let mergedShards = "merged_shards"
    }

    /// The metadata entries that place the rows of `requests` in a batch of `batch`, added to `identity`.
    public static func metadata(identity: [String: String], shard: BatchShard, requests: Range<Int>,
                                batch: Int) -> [String: String] {
        identity.merging([Key.shard: shard.description, Key.requests: "\(requests.lowerBound):\(requests.upperBound)",
                          Key.batch: "\(batch)"]) { $1 }
    }

    /// Joins shard files into one `tensor` (default `out`) of the whole batch. The metadata of the result is the
    /// shards' common metadata without the placing keys, plus `merged_shards`.
    public static func merge(_ paths: [String], tensor: String = "out") throws -> SafeTensorsFile {
        guard !paths.isEmpty else { throw ShardMergeError(.noShards, "no shard files given") }
        var shards: [Shard] = []
        for path in paths { shards.append(try Shard(path, tensor: tensor)) }
        let first = shards[0]
        for s in shards.dropFirst() {
            guard s.batch == first.batch, s.count == first.count else {
                throw ShardMergeError(.mismatch, "\(s.path) is shard \(s.shard) of a batch of \(s.batch), but "
                    + "\(first.path) is shard \(first.shard) of a batch of \(first.batch)")
            }
            guard s.rowShape == first.rowShape, s.out.dtype == first.out.dtype else {
                throw ShardMergeError(.mismatch, "\(s.path): \(tensor) rows are \(s.out.dtype.rawValue)\(s.rowShape) but "
                                      + "\(first.path) has \(first.out.dtype.rawValue)\(first.rowShape)")
            }
            for key in Set(first.identity.keys).union(s.identity.keys).sorted()
            where first.identity[key] != s.identity[key] {
                throw ShardMergeError(.mismatch, "\(s.path) and \(first.path) come from different runs: metadata "
                    + "'\(key)' is \(quoted(s.identity[key])) vs \(quoted(first.identity[key]))")
            }
        }
        let ordered = shards.sorted { ($0.requests.lowerBound, $0.requests.upperBound) < ($1.requests.lowerBound, $1.requests.upperBound) }
        var covered = 0
        var previous: Shard?
        for s in ordered {
            if s.requests.lowerBound < covered, let previous {
                let same = previous.path == s.path ? " (the same file given twice)" : ""
                throw ShardMergeError(.overlap, "shards overlap: \(previous.path) holds requests "
                    + "\(previous.range) and \(s.path) holds \(s.range)\(same)")
            }
            if s.requests.lowerBound > covered {
                let before = previous.map { "\($0.path) ends at request \(covered) and " } ?? ""
                throw ShardMergeError(.gap, "requests \(covered):\(s.requests.lowerBound) of the batch of "
                    + "\(first.batch) are in no shard: \(before)\(s.path) starts at \(s.requests.lowerBound)")
            }
            covered = s.requests.upperBound
            previous = s
        }
        guard covered == first.batch else {
            throw ShardMergeError(.gap, "requests \(covered):\(first.batch) of the batch of \(first.batch) are in no "
                + "shard (the last one, \(previous?.path ?? "?"), ends at \(covered))")
        }
        let out = Tensor(dtype: first.out.dtype, shape: [first.batch] + first.rowShape)
        let rowBytes = first.rowShape.reduce(1, *) * first.out.dtype.size
        for s in ordered where s.requests.count > 0 {
            (out.raw + s.requests.lowerBound * rowBytes).copyMemory(from: s.out.raw, byteCount: s.out.count * s.out.dtype.size)
        }
        var metadata = first.identity
        metadata[Key.mergedShards] = "\(shards.count)"
        return SafeTensorsFile(tensors: [(tensor, out)], metadata: metadata)
    }

    private static func quoted(_ s: String?) -> String { s.map { "'\($0)'" } ?? "absent" }

    /// One shard file, checked on its own.
    private struct Shard {
        let path: String
        let shard: String
        let count: Int
        let batch: Int
        let requests: Range<Int>
        let out: Tensor
        var rowShape: [Int] { Array(out.shape.dropFirst()) }
        /// Every metadata entry except the placing ones: what all shards of one run share.
        let identity: [String: String]
        var range: String { "\(requests.lowerBound):\(requests.upperBound)" }

        init(_ path: String, tensor: String) throws {
            let file = try SafeTensorsReader.read(path)
            let m = file.metadata
            func field(_ key: String) throws -> String {
                guard let v = m[key] else {
                    throw ShardMergeError(.notAShard, "\(path): metadata has no '\(key)', so it is not a shard output "
                        + "(write shards with `ptosim run|golden --shard I/N --out FILE`)")
                }
                return v
            }
            let shardText = try field(Key.shard)
            let placed: BatchShard
            do { placed = try BatchShard.parse(shardText) } catch {
                throw ShardMergeError(.notAShard, "\(path): metadata 'shard' is '\(shardText)', expected I/N")
            }
            let rangeText = try field(Key.requests)
            let bounds = rangeText.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
            guard bounds.count == 2, let lo = bounds[0], let hi = bounds[1], lo >= 0, lo <= hi else {
                throw ShardMergeError(.notAShard, "\(path): metadata 'requests' is '\(rangeText)', expected start:stop")
            }
            let batchText = try field(Key.batch)
            guard let batch = Int(batchText), batch >= 1, hi <= batch else {
                throw ShardMergeError(.notAShard, "\(path): metadata 'batch' is '\(batchText)', expected a batch size of "
                    + "at least \(max(hi, 1))")
            }
            guard let out = file[tensor] else {
                throw ShardMergeError(.notAShard, "\(path): no tensor '\(tensor)'")
            }
            guard out.shape.count >= 1, out.shape[0] == hi - lo else {
                throw ShardMergeError(.notAShard, "\(path): tensor '\(tensor)' is \(out.signature), expected "
                    + "\(hi - lo) rows (requests \(rangeText))")
            }
            self.path = path
            shard = shardText
            count = placed.count
            self.batch = batch
            requests = lo..<hi
            self.out = out
            identity = m.filter { ![Key.shard, Key.requests, Key.batch].contains($0.key) }
        }
    }
}

/// Shard files that cannot be joined: not a shard output, from different runs, overlapping, or leaving requests out.
public struct ShardMergeError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable {
        case noShards, notAShard, mismatch, overlap, gap
    }

    public let kind: Kind
    public let description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
