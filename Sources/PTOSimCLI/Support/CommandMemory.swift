import PTOCases
import PTOCore

/// What `golden`, `run` and `check` allocate for a case, as a `MemoryEstimate` to check before allocating any of
/// it. Sizes follow the code that allocates them: the inputs and `out` (`PagedAttentionParams`), one more fp32
/// output per reference, the reference computations' per-thread scratch, and per emulated cluster its scratchpads
/// at their real capacities (plus the fp32 side images of L0A/L0B) and its share of the GM FIFO rings.
///
/// Inputs read with `--inputs` are memory-mapped from their file: the kernel pages them in and can drop them again
/// under pressure, so they are not counted; generated inputs are.
enum CommandMemory {
    /// Host bytes of one emulated cluster: the AIC's L1, L0A, L0B, L0C and the fp32 images of L0A and L0B (twice
    /// their bytes each), and two AIVs' UB.
    static var clusterBytes: Int {
        ChipConfig.l1Bytes + 3 * ChipConfig.l0aBytes + 3 * ChipConfig.l0bBytes + ChipConfig.l0cBytes + 2 * ChipConfig.ubBytes
    }

    /// GM FIFO rings per hardware block (sij, pij, oi; sized for the 64-row tile, depth 2), rounded up to 1 MiB.
    static let fifoBytesPerBlock = 1 << 20

    /// The race checker's shadow memory and vector clocks per cluster: 2 MB plus 256 bytes per token of the longest
    /// context. Measured (peak RSS of `check` minus everything else) at batch 24: 11 MB in all at context 1024,
    /// 22 MB at 4096, 35 MB at 8192 (38 MB at batch 48); this allowance is 2-3 times that.
    static func checkerBytesPerCluster(_ p: PagedAttentionParams) -> Int { (2 << 20) + 256 * p.maxContextLen }

    /// The process itself (code, Swift runtime, thread stacks, small allocations): about 25 MB measured.
    static let processBytes = 32 << 20

    /// Scratch of one reference computation thread: a 128-row tile of scores over an 8192-token chunk and the
    /// gathered keys and values of that chunk, in fp32 (PTOGolden's `Workspace`).
    static func referenceScratch(_ p: PagedAttentionParams) -> Int {
        let chunk = 8192, rows = min(p.numHeads, 128)
        return rows * chunk * 4 + 2 * chunk * p.headDim * 4
    }

    /// The inputs (unless mapped from a file) and `out`.
    static func base(_ p: PagedAttentionParams, inputsFromFile: Bool) -> [MemoryEstimate.Part] {
        [.init("ptosim itself", processBytes)]
            + (inputsFromFile ? [.init("out", p.outputByteCount)] : p.inputsAndOutputEstimate)
    }

    static func golden(_ p: PagedAttentionParams, inputsFromFile: Bool, workers: Int) -> MemoryEstimate {
        MemoryEstimate(base(p, inputsFromFile: inputsFromFile)
                       + [.init("reference scratch", workers * referenceScratch(p))])
    }

    static func run(_ p: PagedAttentionParams, inputsFromFile: Bool, goldenFromFile: Bool, kernelReference: Bool,
                    clusters: Int, workers: Int) -> MemoryEstimate {
        var parts = base(p, inputsFromFile: inputsFromFile)
        let references = (goldenFromFile ? 0 : 1) + (kernelReference ? 1 : 0)
        if references > 0 {
            parts.append(.init(references == 1 ? "reference" : "references", references * p.outputByteCount))
            parts.append(.init("reference scratch", workers * referenceScratch(p)))
        }
        parts.append(.init("\(clusters) clusters", clusters * (clusterBytes + fifoBytesPerBlock)))
        return MemoryEstimate(parts)
    }

    static func check(_ p: PagedAttentionParams, inputsFromFile: Bool, clusters: Int) -> MemoryEstimate {
        MemoryEstimate(base(p, inputsFromFile: inputsFromFile) + [
            .init("\(clusters) clusters under the race checker",
                  clusters * (clusterBytes + fifoBytesPerBlock + checkerBytesPerCluster(p))),
        ])
    }
}
