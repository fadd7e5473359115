#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Zero-filled host memory for tensors. Large buffers come straight from anonymous `mmap`: the kernel hands out zero
/// pages lazily, so a 500 MB tensor costs nothing until it is written, and its pages are first touched by whichever
/// thread fills them. Small buffers use the heap.
///
/// Transparent huge pages are requested (`MADV_HUGEPAGE`) only when `PTOSIM_HUGEPAGES=1`. They cut the number of
/// page faults, which helps when the memory is already backed, but on the virtual machines PTOSim is benchmarked on
/// (nested virtualization with free-page reporting) a fresh 2 MiB page is far more expensive than 512 fresh 4 KiB
/// ones: filling 1 GiB of new memory on two threads took 1.7–2.0 s with huge pages and 0.36–0.53 s without, and
/// `ptosim run --case Case1` in a fresh process 3.5–3.9 s against 2.1–2.3 s (BENCHMARKS.md).
enum PageAllocator {
    /// Buffers at least this large are mapped; smaller ones are heap-allocated and cleared.
    static let mappingThreshold = 1 << 21

    /// Whether large buffers ask for transparent huge pages (`PTOSIM_HUGEPAGES=1`).
    static let hugePages: Bool = getenv("PTOSIM_HUGEPAGES").map { String(cString: $0) == "1" } ?? false

    /// Returns `bytes` (> 0) zeroed bytes, 64-byte aligned, and whether they were mapped.
    static func allocateZeroed(_ bytes: Int) -> (UnsafeMutableRawPointer, mapped: Bool) {
        if bytes >= mappingThreshold {
            let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            if let p, p != MAP_FAILED {
                #if os(Linux)
                if hugePages { _ = madvise(p, bytes, Int32(MADV_HUGEPAGE)) }
                #endif
                return (p, true)
            }
            // Fall through: a failed mapping becomes a heap allocation, which reports exhaustion itself.
        }
        let p = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        p.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        return (p, false)
    }

    /// Returns memory obtained from `allocateZeroed`.
    static func release(_ p: UnsafeMutableRawPointer, bytes: Int, mapped: Bool) {
        if mapped { munmap(p, bytes) } else { p.deallocate() }
    }
}
