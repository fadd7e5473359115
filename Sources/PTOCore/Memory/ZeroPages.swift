#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Zero-filled memory for scratchpad images, straight from anonymous `mmap`: the operating system supplies zero
/// pages on first touch, so a cluster pays only for the parts of its 1.5 MB of buffers a kernel actually uses (the
/// paged-attention kernel touches well under half), and nothing is cleared twice. The contents are the same zeros a
/// cleared heap buffer would hold.
enum ZeroPages {
    /// `bytes` (> 0) zeroed bytes, page aligned. Running out of address space is fatal, as for any heap allocation.
    static func allocate(_ bytes: Int) -> UnsafeMutableRawPointer {
        guard let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED else {
            fatalError("out of memory: cannot map \(bytes) bytes for a scratchpad")
        }
        return p
    }

    /// Returns memory obtained from `allocate`.
    static func release(_ p: UnsafeMutableRawPointer, _ bytes: Int) {
        munmap(p, bytes)
    }
}
