import ArgumentParser
import PTONumerics
import PTOCases

/// Where a command's paged-attention inputs come from: a named case, custom parameters (optionally starting from
/// a named case), or an input file; plus the seed for generated inputs. Shared by every command that runs a case.
///
/// Numeric options take their value unconditionally, so `--scale -1` or `--context-len -5` reach validation and get
/// its message ("scale must be a positive finite number (got -1.0)") instead of "missing value".
public struct CaseOptions: ParsableArguments {
    @Option(name: .customLong("case"), help: ArgumentHelp("A named case (see `ptosim cases`); other parameter options override its values.", valueName: "name"))
    public var caseName: String?

    @Option(parsing: .unconditional, help: "Requests in the batch.")
    public var batch: Int?

    @Option(name: .customLong("num-heads"), parsing: .unconditional, help: "Query heads (a multiple of 16 below 64, of 64 from 64).")
    public var numHeads: Int?

    @Option(name: .customLong("kv-heads"), parsing: .unconditional, help: "Key/value heads (the kernel supports 1). Default 1.")
    public var kvHeads: Int?

    @Option(name: .customLong("head-dim"), parsing: .unconditional, help: "Head dimension (the kernel supports 128). Default 128.")
    public var headDim: Int?

    @Option(name: .customLong("block-size"), parsing: .unconditional, help: "Tokens per KV-cache block: 64 or 128. Default 128.")
    public var blockSize: Int?

    @Option(name: .customLong("context-len"), parsing: .unconditional,
            help: ArgumentHelp("Context length of every request.", valueName: "n"))
    public var contextLen: Int?

    @Option(name: .customLong("context-lens"), parsing: .unconditional,
            help: ArgumentHelp("Comma-separated context lengths per request; a shorter list repeats (as in simpler).", valueName: "n,n,..."))
    public var contextLens: String?

    @Option(name: .customLong("max-model-len"), parsing: .unconditional, help: "Longest context the block table can describe. Default 32768.")
    public var maxModelLen: Int?

    @Option(parsing: .unconditional, help: "Softmax scale (positive). Default 1.0.")
    public var scale: Float?

    @Option(name: .customLong("inputs"), help: ArgumentHelp("Read inputs from a safetensors file (or .npy directory) with simpler's tensor names.", valueName: "file"))
    public var inputsPath: String?

    @Option(help: "Seed for generated inputs. Default \(CaseOptions.defaultSeed).")
    public var seed: UInt64?

    public init() {}

    /// The seed used when `--seed` is not given.
    public static let defaultSeed: UInt64 = 42

    /// The seed generated inputs use.
    public var effectiveSeed: UInt64 { seed ?? CaseOptions.defaultSeed }

    /// True when any option that sets a parameter directly was given.
    var hasParameterOptions: Bool {
        batch != nil || numHeads != nil || kvHeads != nil || headDim != nil || blockSize != nil || contextLen != nil
            || contextLens != nil || maxModelLen != nil || scale != nil
    }

    /// A short name for what was chosen: the case name, `custom`, or the input file.
    public var label: String { inputsPath ?? caseName.map { hasParameterOptions ? "\($0) (modified)" : $0 } ?? "custom" }

    /// The parameters chosen by `--case` and the parameter options (nil with `--inputs`). Validated.
    public func parameters() throws -> PagedAttentionParams? {
        if let inputsPath {
            if caseName != nil { throw UsageError("--inputs \(inputsPath) cannot be combined with --case") }
            if hasParameterOptions { throw UsageError("--inputs takes the parameters from the file; drop the parameter options") }
            if seed != nil { throw UsageError("--seed applies to generated inputs, not to --inputs") }
            return nil
        }
        guard caseName != nil || hasParameterOptions else {
            throw UsageError("choose the inputs: --case NAME (see `ptosim cases`), parameters (--batch, --num-heads, "
                             + "--context-len, ...), or --inputs FILE")
        }
        let base = try caseName.map { name throws(CaseError) in try PagedAttentionCases.named(name).params }
        if base == nil {
            if batch == nil && contextLens == nil { throw UsageError("custom parameters need --batch") }
            if numHeads == nil { throw UsageError("custom parameters need --num-heads") }
            if contextLen == nil && contextLens == nil { throw UsageError("custom parameters need --context-len or --context-lens") }
        }
        if contextLen != nil && contextLens != nil { throw UsageError("give --context-len or --context-lens, not both") }
        let lensList = try contextLens.map(Self.parseList)
        let batch = self.batch ?? (base == nil ? lensList?.count : base?.batch) ?? 0
        // Build per-request lists only for a batch `validate()` can accept: a typo such as --batch 10^12 must be an
        // error, not an attempt to allocate terabytes of context lengths.
        let listLength = (1...PagedAttentionParams.limits.batch).contains(batch) ? batch : 0
        var lens: [Int]
        if let lensList {
            guard lensList.count <= batch else {
                throw UsageError("--context-lens has \(lensList.count) values for a batch of \(batch)")
            }
            lens = (0..<listLength).map { lensList[$0 % lensList.count] }
        } else if let contextLen {
            lens = Array(repeating: contextLen, count: listLength)
        } else {
            let baseLen = base?.maxContextLen ?? 0
            lens = Array(repeating: baseLen, count: listLength)
        }
        let params = PagedAttentionParams(
            batch: batch, numHeads: numHeads ?? base?.numHeads ?? 0, kvHeads: kvHeads ?? base?.kvHeads ?? 1,
            headDim: headDim ?? base?.headDim ?? 128, blockSize: blockSize ?? base?.blockSize ?? 128,
            contextLens: lens, maxModelLen: maxModelLen ?? base?.maxModelLen ?? 32768,
            scale: scale ?? base?.scale ?? 1.0)
        try params.validate()
        return params
    }

    /// Generates or loads the inputs (generation on `workers` threads).
    public func makeInputs(workers: Int) throws -> PagedAttentionInputs {
        if let params = try parameters() {
            return try PagedAttentionInputs.generate(params, seed: effectiveSeed, workers: workers)
        }
        return try PagedAttentionInputs.load(inputsPath!)
    }

    /// The inputs of `shard`'s requests only (all requests when `shard` is nil), and where they sit in the batch.
    /// Generated cases draw only what the shard needs; loaded files are restricted after mapping.
    public func makeInputs(workers: Int, shard: BatchShard?) throws
        -> (inputs: PagedAttentionInputs, requests: Range<Int>, batchParams: PagedAttentionParams) {
        guard let shard else {
            let inputs = try makeInputs(workers: workers)
            return (inputs, 0..<inputs.params.batch, inputs.params)
        }
        func range(_ batch: Int) throws -> Range<Int> {
            let r = shard.requests(batch: batch)
            guard !r.isEmpty else {
                throw UsageError("shard \(shard) of a batch of \(batch) has no requests; use at most \(batch) shards")
            }
            return r
        }
        if let params = try parameters() {
            let r = try range(params.batch)
            return (try PagedAttentionInputs.generate(params, seed: effectiveSeed, requests: r, workers: workers),
                    r, params)
        }
        let full = try PagedAttentionInputs.load(inputsPath!)
        let r = try range(full.params.batch)
        var local = try full.restricted(to: r)
        local.warnings = full.warnings
        if let out = full.out {
            // The file's own reference output, cut to the shard's rows.
            let rows = Tensor(dtype: .f32, shape: [r.count, out.shape[1], out.shape[2]])
            let rowElements = out.shape[1] * out.shape[2]
            rows.f32.update(from: out.f32 + r.lowerBound * rowElements, count: r.count * rowElements)
            local.out = rows
        }
        return (local, r, full.params)
    }

    /// "1,127,128" → [1, 127, 128].
    static func parseList(_ text: String) throws -> [Int] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        var values: [Int] = []
        for item in items {
            let trimmed = item.trimmingCharacters(in: " ")
            guard let n = Int(trimmed) else { throw UsageError("--context-lens: '\(trimmed)' is not an integer") }
            values.append(n)
        }
        guard !values.isEmpty else { throw UsageError("--context-lens is empty") }
        return values
    }
}

extension Substring {
    /// The text without leading and trailing `set` characters.
    func trimmingCharacters(in set: Character) -> Substring {
        var s = self
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return s
    }
}
