import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The on-chip buffers of one core, each a byte array of its real capacity: L1, L0A, L0B and L0C on the AIC, UB on
/// an AIV. Tiles are views at byte addresses, so overlap and aliasing behave as on the chip.
///
/// The cube reads its operands in fp32 through `Matmul.gemm`. Rather than widen bf16 at every TMATMUL, TMOV into
/// L0A/L0B also writes an fp32 side image: float `i` of a tile's image is element `i` of the tile in the L0 buffer
/// (bf16 widened, fp32 copied), and a tile at byte `address` has its image at float index `address / 2` whatever its
/// element type, in the tile's own storage order. (An fp32 tile's image ends before float `capacity / 2`, because
/// its bytes end before `capacity`.) The L0 byte images stay exact; the side image is where the chip would widen.
final class Scratchpads {
    let kind: CoreKind
    /// Base pointers; nil for spaces the core does not have (or when created without storage for trace replay).
    let l1: UnsafeMutableRawPointer?
    let l0a: UnsafeMutableRawPointer?
    let l0b: UnsafeMutableRawPointer?
    let l0c: UnsafeMutableRawPointer?
    let ub: UnsafeMutableRawPointer?
    let l0aImage: UnsafeMutablePointer<Float>?
    let l0bImage: UnsafeMutablePointer<Float>?

    init(kind: CoreKind, withStorage: Bool = true) {
        self.kind = kind
        func buffer(_ bytes: Int, _ present: Bool) -> UnsafeMutableRawPointer? {
            guard present && withStorage else { return nil }
            return ZeroPages.allocate(bytes)
        }
        let cube = kind == .aic
        l1 = buffer(ChipConfig.l1Bytes, cube)
        l0a = buffer(ChipConfig.l0aBytes, cube)
        l0b = buffer(ChipConfig.l0bBytes, cube)
        l0c = buffer(ChipConfig.l0cBytes, cube)
        ub = buffer(ChipConfig.ubBytes, !cube)
        l0aImage = buffer(ChipConfig.l0aBytes * 2, cube)?.assumingMemoryBound(to: Float.self)
        l0bImage = buffer(ChipConfig.l0bBytes * 2, cube)?.assumingMemoryBound(to: Float.self)
    }

    deinit {
        for (p, bytes) in [(l1, ChipConfig.l1Bytes), (l0a, ChipConfig.l0aBytes), (l0b, ChipConfig.l0bBytes),
                           (l0c, ChipConfig.l0cBytes), (ub, ChipConfig.ubBytes)] {
            if let p { ZeroPages.release(p, bytes) }
        }
        if let l0aImage { ZeroPages.release(UnsafeMutableRawPointer(l0aImage), ChipConfig.l0aBytes * 2) }
        if let l0bImage { ZeroPages.release(UnsafeMutableRawPointer(l0bImage), ChipConfig.l0bBytes * 2) }
    }

    /// Base of a local space. The issuer has already checked the space exists on this core.
    @inline(__always) func base(_ space: Space) -> UnsafeMutableRawPointer {
        switch space {
        case .l1: return l1.unsafelyUnwrapped
        case .l0a: return l0a.unsafelyUnwrapped
        case .l0b: return l0b.unsafelyUnwrapped
        case .l0c: return l0c.unsafelyUnwrapped
        case .ub: return ub.unsafelyUnwrapped
        case .gm: preconditionFailure("GM is not a scratchpad")
        }
    }

    /// Whether data effects run (false when replaying a trace file, which has no data).
    var hasStorage: Bool { kind == .aic ? l1 != nil : ub != nil }

    /// Pointer to a tile's first element.
    @inline(__always) func pointer(_ tile: TileOperand) -> UnsafeMutableRawPointer {
        base(tile.space) + tile.byteAddress
    }

    /// Reads `bytes` bytes of a local space (tests, debugging).
    func bytes(_ space: Space, offset: Int, count: Int) -> [UInt8] {
        let p = base(space) + offset
        return (0..<count).map { p.load(fromByteOffset: $0, as: UInt8.self) }
    }
}

/// Zero-filled memory for scratchpad images, straight from anonymous `mmap`: the operating system supplies zero
/// pages on first touch, so a cluster pays only for the parts of its 1.5 MB of buffers a kernel actually uses (the
/// paged-attention kernel touches well under half), and nothing is cleared twice. The contents are the same zeros a
/// cleared heap buffer would hold.
///
/// Released buffers are kept for the next cluster of the same process (the next launch, the next run of a sweep):
/// their resident pages are cleared at release (`mincore` says which; pages never touched stay unmapped), so a reused
/// buffer holds zeros exactly like a fresh one and costs a `memset` of what the last kernel touched instead of a page
/// fault per page. A single run still pays the first touch of every page it uses.
enum ZeroPages {
    /// Free buffers by size (addresses), and the bytes they hold.
    private static let pool = Mutex<(free: [Int: [UInt]], bytes: Int)>(([:], 0))
    /// Most bytes of address space the pool keeps (a few launches' worth of 24 clusters).
    static let poolLimit = 256 << 20

    /// `bytes` (> 0) zeroed bytes, page aligned. Running out of address space is fatal, as for any heap allocation.
    static func allocate(_ bytes: Int) -> UnsafeMutableRawPointer {
        let reused = pool.withLock { pool -> UInt? in
            guard let p = pool.free[bytes]?.popLast() else { return nil }
            pool.bytes -= bytes
            return p
        }
        if let reused, let p = UnsafeMutableRawPointer(bitPattern: reused) { return p }
        guard let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED else {
            fatalError("out of memory: cannot map \(bytes) bytes for a scratchpad")
        }
        return p
    }

    /// Returns memory obtained from `allocate`: cleared and kept for reuse, or unmapped when the pool is full.
    static func release(_ p: UnsafeMutableRawPointer, _ bytes: Int) {
        let keep = pool.withLock { pool -> Bool in
            guard pool.bytes + bytes <= poolLimit else { return false }
            pool.bytes += bytes
            return true
        }
        guard keep else {
            munmap(p, bytes)
            return
        }
        clearResidentPages(p, bytes)
        pool.withLock { $0.free[bytes, default: []].append(UInt(bitPattern: p)) }
    }

    /// Zeroes the pages of `p` that are resident and drops the others (never touched, or swapped out) back to
    /// zero-fill-on-demand.
    private static func clearResidentPages(_ p: UnsafeMutableRawPointer, _ bytes: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let pages = (bytes + page - 1) / page
        var resident = [UInt8](repeating: 0, count: pages)
        guard mincore(p, bytes, &resident) == 0 else {
            memset(p, 0, bytes)  // cannot tell: clear everything
            return
        }
        var i = 0
        while i < pages {
            let isResident = resident[i] & 1 != 0
            var j = i + 1
            while j < pages && (resident[j] & 1 != 0) == isResident { j += 1 }
            let length = min(bytes, j * page) - i * page
            if isResident {
                memset(p + i * page, 0, length)
            } else if madvise(p + i * page, length, MADV_DONTNEED) != 0 {
                memset(p + i * page, 0, length)
            }
            i = j
        }
    }
}
