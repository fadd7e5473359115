import PTONumerics
import PTOCases
import Synchronization

/// The machine's own limits for the work a case does, measured in the same process as the phases they judge, so
/// that a phase can be reported as a ratio to its floor (a shared, noisy machine shifts both alike).
///
/// - `sgemm`: plain fp32 GEMM of the case's FLOP count, each worker thread multiplying its own 1024³ operands with a
///   single-threaded OpenBLAS (the way the emulator and the references use BLAS).
/// - `stream`: a read of the case's input bytes (query, key and value caches) split over the workers.
/// - `freshWrite`: writing the input bytes into freshly mapped memory: what generating them costs at the very least
///   (page faults and the kernel's zeroing included, which on a virtual machine can dominate).
struct ReferenceFloors {
    var sgemmSeconds: Double
    var streamSeconds: Double
    var freshWriteSeconds: Double

    /// fp32 multiply-adds (×2) the kernel's two matmuls perform: full blocks of `qTile` rows, as the cube computes.
    static func flops(_ p: PagedAttentionParams) -> Double {
        var blocks = 0
        for b in 0..<p.batch { blocks += p.blocksUsed(contextLen: p.contextLens[b]) }
        return Double(blocks * p.qLoop) * 2 * (2 * Double(p.qTile) * Double(p.blockSize) * Double(p.headDim))
    }

    static func measure(_ inputs: PagedAttentionInputs, workers: Int) -> ReferenceFloors {
        let bytes = inputs.query.byteCount + inputs.keyCache.byteCount + inputs.valueCache.byteCount
        return ReferenceFloors(sgemmSeconds: sgemm(flops: flops(inputs.params), workers: workers),
                               streamSeconds: stream([inputs.query, inputs.keyCache, inputs.valueCache],
                                                     workers: workers),
                               freshWriteSeconds: freshWrite(bytes: bytes, workers: workers))
    }

    /// Seconds for `flops` of 1024³ sgemm spread over `workers` threads, scaled to exactly `flops`.
    static func sgemm(flops: Double, workers: Int) -> Double {
        let n = 1024, perCall = 2 * Double(n * n * n)
        // At least two products per worker, so that a small case still times a steady state.
        let calls = max(2 * max(1, workers), Int((flops / perCall).rounded(.up)))
        let threads = max(1, min(workers, calls))
        Matmul.setBLASThreads(1)
        let operands = (0..<threads).map { _ in Tensor(dtype: .f32, shape: [3, n, n]) }
        for t in operands { for i in 0..<t.count { t.f32[i] = Float(i % 7) * 0.25 - 0.5 } }
        let start = Stopwatch.now()
        Parallel.forEach(calls, workers: threads) { _, worker in
            let m = operands[worker].f32
            Matmul.gemm(m: n, n: n, k: n, a: m, lda: n, b: m + n * n, ldb: n, c: m + 2 * n * n, ldc: n)
        }
        return (Stopwatch.now() - start) * flops / (Double(calls) * perCall)
    }

    /// Seconds to read every byte of `tensors` once, in 4 MiB pieces over `workers` threads.
    static func stream(_ tensors: [Tensor], workers: Int) -> Double {
        let piece = 1 << 22
        var items: [(Tensor, Range<Int>)] = []
        for t in tensors {
            let words = t.byteCount / 8
            for s in stride(from: 0, to: words, by: piece / 8) { items.append((t, s..<min(words, s + piece / 8))) }
        }
        let work = UnsafeSendableBox(items)
        let sink = Atomic<UInt64>(0)
        let start = Stopwatch.now()
        Parallel.forEach(work.value.count, workers: workers) { i, _ in
            let (t, range) = work.value[i]
            let p = t.raw.assumingMemoryBound(to: UInt64.self)
            var acc: UInt64 = 0
            for w in range { acc &+= p[w] }
            sink.wrappingAdd(acc, ordering: .relaxed)
        }
        let seconds = Stopwatch.now() - start
        // The sum must be used, or the reads could be dropped.
        if sink.load(ordering: .relaxed) == 0x5EED { StandardError.write("") }
        return seconds
    }

    /// Seconds to fill `bytes` of freshly mapped memory over `workers` threads.
    static func freshWrite(bytes: Int, workers: Int) -> Double {
        let start = Stopwatch.now()
        let t = Tensor(dtype: .bf16, shape: [max(bytes / 2, 1)])
        let piece = 1 << 20
        let count = (t.count + piece - 1) / piece
        Parallel.forEach(count, workers: workers) { i, _ in
            let lo = i * piece
            (t.bf16 + lo).update(repeating: 0x3F80, count: min(piece, t.count - lo))
        }
        return Stopwatch.now() - start
    }
}

/// Hands an immutable value to worker threads.
struct UnsafeSendableBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
