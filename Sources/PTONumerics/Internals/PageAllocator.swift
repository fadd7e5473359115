#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Zero-filled host memory for tensors. Large buffers come straight from anonymous `mmap`: the kernel hands out zero
/// pages lazily, so a 500 MB tensor costs nothing until it is written, its pages are first touched by whichever
/// thread fills them, and `MADV_HUGEPAGE` asks for 2 MiB pages to cut page-fault cost. Small buffers use the heap.
enum PageAllocator {
    /// Buffers at least this large are mapped; smaller ones are heap-allocated and cleared.
    static let mappingThreshold = 1 << 21

    /// Returns `bytes` (> 0) zeroed bytes, 64-byte aligned, and whether they were mapped.
    static func allocateZeroed(_ bytes: Int) -> (UnsafeMutableRawPointer, mapped: Bool) {
        if bytes >= mappingThreshold {
            let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            if let p, p != MAP_FAILED {
                #if os(Linux)
                _ = madvise(p, bytes, Int32(MADV_HUGEPAGE))
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
