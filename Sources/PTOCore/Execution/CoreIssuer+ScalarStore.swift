/// The scalar unit writing GM directly: a kernel .cpp's `out[i] = value` through a `__gm__ float *`, and the `dcci`
/// that follows it to push the cache line out to HBM so the host can read it.
///
/// PTOSim does not model the scalar unit's data cache: a scalar store reaches GM when it executes (write-through),
/// so its issue record is the 4-byte GM write the race checker and the timing model see, at the point in program
/// order where the kernel issued it. `dcci` is issued, ordered and timed like the hardware's (it runs on the scalar
/// unit and costs a GM round trip), but moves no data of its own in this model, since the line is already in GM.
extension CoreIssuer {
    /// A scalar store of `value` to the single fp32 element `dst` views (S). `dst` must be a 1 x 1 fp32 view inside
    /// its buffer at a 4-byte-aligned offset.
    public func scalarStore(_ dst: GMView, _ value: Float, label: StaticString = "", detail: Int = -1) {
        guard dst.rows == 1, dst.cols == 1 else {
            reject(.scalarStore, label, detail, "a scalar store writes one element; the GM view is \(dst.rows)x\(dst.cols)")
            return
        }
        guard dst.dtype == .f32 else {
            reject(.scalarStore, label, detail, "the value is fp32 but the GM view is \(dst.dtype)")
            return
        }
        guard let d = operand(dst, "dst", .scalarStore, label, detail) else { return }
        submit(.scalarStore(dst: d, bits: value.bitPattern), pipe: .s, op: .scalarStore, label: label, detail: detail)
    }

    /// `dcci(p, SINGLE_CACHE_LINE, CACHELINE_OUT)` (S): clean and invalidate the scalar data-cache line that holds
    /// the first element of `line`. The view must lie inside its buffer.
    public func dcci(_ line: GMView, label: StaticString = "", detail: Int = -1) {
        guard let l = operand(line, "line", .dcci, label, detail) else { return }
        submit(.dcci(line: l), pipe: .s, op: .dcci, label: label, detail: detail)
    }
}
