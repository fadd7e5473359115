import PTONumerics
import Synchronization

/// GM: the chip's shared HBM, as one flat byte address space holding every buffer the runtime registers (input and
/// output tensors, FIFO rings, workspaces). Buffers are placed 4 KiB apart with a guard gap, so two distinct buffers
/// never overlap in the flat space.
///
/// Registration is thread-safe. The storage of a registered buffer never moves, so clusters running on different
/// threads read and write it without locking (they touch disjoint ranges, as on the chip).
public final class GlobalMemory: Sendable {
    private struct Entry: @unchecked Sendable {
        let tensor: Tensor
        let name: String
        let buffer: GMBuffer
    }

    private let entries = Mutex<[Entry]>([])
    /// Raw base pointers by buffer id, readable without the lock: slots are written once, before their id escapes.
    nonisolated(unsafe) private let pointers: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    /// Largest number of buffers one GlobalMemory can hold.
    public static let maxBuffers = 1 << 16

    public init() {
        pointers = .allocate(capacity: GlobalMemory.maxBuffers)
        pointers.initialize(repeating: nil, count: GlobalMemory.maxBuffers)
    }

    deinit { pointers.deallocate() }

    /// Makes `tensor`'s bytes addressable as a GM buffer (no copy: the emulator reads and writes the tensor itself).
    public func register(_ tensor: Tensor, name: String) -> GMBuffer {
        entries.withLock { list in
            precondition(list.count < GlobalMemory.maxBuffers, "GlobalMemory: more than \(GlobalMemory.maxBuffers) buffers")
            let base = list.last.map { Self.nextBase(after: $0.buffer) } ?? 0x1000
            let buffer = GMBuffer(id: list.count, base: base, byteCount: tensor.byteCount)
            pointers[buffer.id] = tensor.raw
            list.append(Entry(tensor: tensor, name: name, buffer: buffer))
            return buffer
        }
    }

    /// A zero-filled buffer of `bytes` bytes (FIFO rings, workspaces).
    public func allocate(bytes: Int, name: String) -> GMBuffer {
        let words = (max(bytes, 0) + 3) / 4
        let tensor = Tensor(dtype: .f32, shape: [words])
        let registered = register(tensor, name: name)
        return GMBuffer(id: registered.id, base: registered.base, byteCount: max(bytes, 0))
    }

    /// The tensor behind a buffer.
    public func tensor(_ buffer: GMBuffer) -> Tensor { entry(buffer.id).tensor }

    /// The name a buffer was registered under.
    public func name(of buffer: GMBuffer) -> String { entry(buffer.id).name }

    /// The name of the buffer that holds flat address `address`, if any (for reports).
    public func name(containing address: Int) -> String? {
        entries.withLock { list in
            list.first { address >= $0.buffer.base && address < $0.buffer.base + max($0.buffer.byteCount, 1) }?.name
        }
    }

    /// Number of registered buffers.
    public var bufferCount: Int { entries.withLock { $0.count } }

    /// Base pointer of a registered buffer. Hot path: no lock.
    @inline(__always) func pointer(_ id: Int) -> UnsafeMutableRawPointer {
        pointers[id].unsafelyUnwrapped
    }

    /// Whether a buffer id was minted by this memory (lock-free: slots are written before ids escape).
    @inline(__always) func isRegistered(_ id: Int) -> Bool {
        id >= 0 && id < GlobalMemory.maxBuffers && pointers[id] != nil
    }

    private func entry(_ id: Int) -> Entry { entries.withLock { $0[id] } }

    private static func nextBase(after buffer: GMBuffer) -> Int {
        let end = buffer.base + buffer.byteCount + 4096  // guard gap
        return (end + 4095) & ~4095
    }
}
