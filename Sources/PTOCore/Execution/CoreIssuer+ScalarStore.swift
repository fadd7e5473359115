/// The scalar unit writing GM directly: a kernel .cpp's `out[i] = value` through a `__gm__ float *`, and the
/// `dcci(p, SINGLE_CACHE_LINE, CACHELINE_OUT)` that follows it to push the cache line out so the host can read it.
///
/// The store goes into the scalar data cache (`ScalarDataCache`), not GM: GM changes only when `dcci` cleans the
/// line, and the `dcci`'s issue record is the GM write (the line's dirty bytes) the race checker and the timing model
/// see. A store left in the cache when the kernel ends never reaches GM, and the run warns
/// (`uncleaned_scalar_store`).
extension CoreIssuer {
    /// A scalar store of `value` to the single fp32 element `dst` views (S), into the core's data cache. `dst` must
    /// be a 1 x 1 fp32 view inside its buffer at a 4-byte-aligned offset.
    public func scalarStore(_ dst: GMView, _ value: Float, label: StaticString = "", detail: Int = -1) {
        guard dst.rows == 1, dst.cols == 1 else {
            reject(.scalarStore, label, detail, "a scalar store writes one element; the GM view is \(dst.rows)x\(dst.cols)")
            return
        }
        guard dst.dtype == .f32 else {
            reject(.scalarStore, label, detail, "the value is fp32 but the GM view is \(dst.dtype)")
            return
        }
        guard !hasPendingError, let d = operand(dst, "dst", .scalarStore, label, detail) else { return }
        scalarCache.issueStore(bufferID: d.bufferID, offset: d.offset, bytes: 4, address: d.address, label: label,
                               detail: detail)
        submit(.scalarStore(dst: d, bits: value.bitPattern), pipe: .s, op: .scalarStore, label: label, detail: detail)
    }

    /// `dcci(p, SINGLE_CACHE_LINE, CACHELINE_OUT)` (S): clean and invalidate the scalar data-cache line that holds
    /// the first element of `line`, writing the bytes scalar stores left dirty in it to GM. The view must lie inside
    /// its buffer.
    public func dcci(_ line: GMView, label: StaticString = "", detail: Int = -1) {
        if let e = syncEdits, !e.admits(label, .flush, orders: "dcci", id: -1) { return }
        guard !hasPendingError, let l = operand(line, "line", .dcci, label, detail) else { return }
        let dirty = scalarCache.issueClean(bufferID: l.bufferID, offset: l.offset)
        submit(.dcci(line: l, dirty: dirty), pipe: .s, op: .dcci, label: label, detail: detail)
    }

    /// The data effect of a scalar store (into the cache) or a `dcci` (the line's dirty bytes out to GM).
    func performScalarCache(_ action: Action) {
        switch action {
        case let .scalarStore(dst, bits):
            scalarCache.store(bufferID: dst.bufferID, offset: dst.offset, bits: bits)
        case let .dcci(line, _):
            guard let cached = scalarCache.clean(bufferID: line.bufferID, offset: line.offset),
                  let gm = context.gm else { return }
            let base = gm.pointer(Int(cached.bufferID)) + cached.lineOffset
            cached.bytes.withUnsafeBytes { bytes in
                for run in ScalarDataCache.runs(cached.dirty) {
                    (base + run.start).copyMemory(from: bytes.baseAddress! + run.start, byteCount: run.count)
                }
            }
        default:
            break
        }
    }

    /// At the end of a run: warns about scalar stores no `dcci` cleaned (they never reach GM).
    func warnUncleanedScalarStores() {
        for (_, stores) in scalarCache.pending.sorted(by: { $0.key < $1.key }) {
            guard let first = stores.first else { continue }
            let buffer = context.gm?.name(containing: first.address) ?? "GM"
            let address = "0x" + String(first.address, radix: 16)
            let key = SyncWarningKey(kind: .uncleanedScalarStore,
                                     numbers: [Int32(coreIndex), Int32(stores.count), 0, 0, 0, 0, 0, 0],
                                     first: LabelText(first.label), second: LabelText(""))
            context.warn(.uncleanedScalarStore, key: key, message:
                "\(name): \(stores.count) scalar store(s) to '\(buffer)' "
                + "(first '\(IssueRecord.labelText(first.label, first.detail))' "
                + "at GM \(address)) were never cleaned by dcci; GM keeps its old bytes there")
        }
    }
}
