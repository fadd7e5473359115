/// The on-chip buffers of one core, each a byte array of its real capacity: L1, L0A, L0B and L0C on the AIC, UB on
/// an AIV. Tiles are views at byte addresses, so overlap and aliasing behave as on the chip.
///
/// The cube reads its operands in fp32 through `Matmul.gemm`. Rather than widen bf16 at every TMATMUL, TMOV into
/// L0A/L0B also writes an fp32 side image (one float per bf16 element, at float index `address / 2`, holding the
/// tile in logical row-major order). The L0 byte images stay exact; the side image is where the chip would widen.
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
            let p = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            p.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
            return p
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
        for p in [l1, l0a, l0b, l0c, ub] { p?.deallocate() }
        l0aImage?.deallocate()
        l0bImage?.deallocate()
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
