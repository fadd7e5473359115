import PTONumerics
import PTOCases
import Synchronization

/// Which arithmetic a reference output follows.
public enum PagedAttentionFormulation: String, Sendable, CaseIterable {
    /// simpler's golden (`paged_attention` in its golden module, run by torch): per-block max, bf16 nearest-even
    /// rounding of p, α/β rescaling. What the chip's output is judged against.
    case golden
    /// The kernel's own arithmetic, operation for operation as the AIC/AIV instructions perform it: running max,
    /// bf16 ties-away rounding of p, go·α + o. A faithful emulation of the kernel reproduces it bit for bit.
    case kernel
}

/// Reference paged-attention outputs, computed on the host from `PagedAttentionInputs`, with no emulator code
/// involved, in either formulation. This is what PTOSim judges the emulated kernel against.
///
/// Requests are independent, so the work is spread over `workers` threads one request at a time; OpenBLAS is held to
/// one thread per call. Both formulations give identical results for any worker count and any sharding over
/// requests, since each request's arithmetic does not depend on them.
public enum PagedAttentionReference {
    /// simpler's golden output, fp32 `[batch, numHeads, headDim]`.
    public static func golden(_ inputs: PagedAttentionInputs, workers: Int = Parallel.defaultWorkers) -> Tensor {
        compute(.golden, inputs, workers: workers)
    }

    /// The kernel formulation's output, fp32 `[batch, numHeads, headDim]`.
    public static func kernel(_ inputs: PagedAttentionInputs, workers: Int = Parallel.defaultWorkers) -> Tensor {
        compute(.kernel, inputs, workers: workers)
    }

    /// Computes the rows of `requests` (all requests by default) into `out` (a new zeroed tensor by default) and
    /// returns it; rows of other requests are left as they were. `progress`, if given, is called after each request
    /// with the number completed so far (from worker threads).
    @discardableResult
    public static func compute(_ formulation: PagedAttentionFormulation, _ inputs: PagedAttentionInputs,
                               requests: Range<Int>? = nil, into out: Tensor? = nil,
                               workers: Int = Parallel.defaultWorkers,
                               progress: (@Sendable (Int) -> Void)? = nil) -> Tensor {
        let p = inputs.params
        let requests = requests ?? 0..<p.batch
        precondition(requests.lowerBound >= 0 && requests.upperBound <= p.batch,
                     "request range \(requests) outside the batch of \(p.batch)")
        let out = out ?? Tensor(dtype: .f32, shape: [p.batch, p.numHeads, p.headDim])
        precondition(out.dtype == .f32 && out.shape == [p.batch, p.numHeads, p.headDim],
                     "out is \(out.signature), expected f32\([p.batch, p.numHeads, p.headDim])")
        Matmul.setBLASThreads(1)  // parallelism comes from the requests; BLAS threads would only contend

        let threads = max(1, min(workers, requests.count))
        let workspaces = (0..<threads).map { _ in
            formulation == .golden ? Workspace.golden(p) : Workspace.kernel(p)
        }
        let done = Atomic<Int>(0)
        Parallel.forEach(requests.count, workers: threads) { item, worker in
            let b = requests.lowerBound + item
            switch formulation {
            case .golden: GoldenFormulation.request(b, inputs, workspaces[worker], out)
            case .kernel: KernelFormulation.request(b, inputs, workspaces[worker], out)
            }
            let finished = done.wrappingAdd(1, ordering: .relaxed).newValue
            progress?(finished)
        }
        return out
    }
}
