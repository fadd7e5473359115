/// What sharding and memory sizing need to know of a paged-attention case: the parameters of a part of the batch,
/// the placing metadata of its output rows, and the bytes its tensors take.
extension PagedAttentionParams {
    /// The parameters of the requests in `requests` alone (for sizing a shard before generating it).
    public func restrictedBatch(_ requests: Range<Int>) -> PagedAttentionParams {
        var p = self
        let lo = max(0, min(requests.lowerBound, batch)), hi = max(lo, min(requests.upperBound, batch))
        p.batch = hi - lo
        p.contextLens = Array(contextLens[lo..<hi])
        return p
    }
}

extension PagedAttentionParams {
    /// The host bytes of the inputs and the fp32 output: the floor of what any command on this case allocates.
    public var inputsAndOutputEstimate: [MemoryEstimate.Part] {
        [MemoryEstimate.Part("inputs", inputByteCount), MemoryEstimate.Part("out", outputByteCount)]
    }

    /// Bytes of one fp32 `[batch, numHeads, headDim]` output (the kernel's `out`, or a reference).
    public var outputByteCount: Int { batch * numHeads * headDim * 4 }
}

extension OutputShards {
    /// The metadata of the rows of `requests` of the case `params` (the whole batch's parameters): `params` and
    /// `scale` as an input file has them, and the entries that place the rows.
    public static func metadata(params: PagedAttentionParams, shard: BatchShard, requests: Range<Int>)
        -> [String: String] {
        metadata(identity: ["params": params.simplerJSON, "scale": "\(params.scale)"], shard: shard, requests: requests,
                 batch: params.batch)
    }
}
