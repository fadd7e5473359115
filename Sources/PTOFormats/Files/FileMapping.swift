import PTONumerics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped into memory, copy-on-write: what PTOSim's GM tensors are when they come from an input file.
///
/// Tensors read from the file point into the mapping and keep it alive; the OS pages data in on first touch, so a
/// gigabyte-sized input costs nothing until it is read, and writes to such a tensor never reach the file.
public final class FileMapping: @unchecked Sendable {
    /// The path the file was opened with (used in messages).
    public let path: String
    /// First byte of the mapping (nil for an empty file).
    public let base: UnsafeMutableRawPointer?
    /// File length in bytes.
    public let length: Int

    /// Maps `path`; fails with `.io` when it cannot be opened, is a directory, or cannot be mapped.
    public init(path: String) throws(FormatError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FormatError(.io, "\(path): cannot open: \(POSIX.lastError)") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FormatError(.io, "\(path): cannot stat: \(POSIX.lastError)") }
        guard (st.st_mode & S_IFMT) != S_IFDIR else { throw FormatError(.io, "\(path): is a directory, not a file") }
        length = Int(st.st_size)
        if length == 0 { base = nil; return }
        let p = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else { throw FormatError(.io, "\(path): cannot map: \(POSIX.lastError)") }
        base = p
    }

    deinit {
        if let base { munmap(base, length) }
    }

    /// Bytes `range` of the file as an array (for headers; `range` must lie inside the file).
    public func bytes(_ range: Range<Int>) -> [UInt8] {
        guard let base, !range.isEmpty else { return [] }
        return Array(UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count))
    }

    /// A tensor whose payload is bytes `offset ..< offset + byteCount` of the file. When the bytes are aligned for
    /// the dtype the tensor points into the mapping (and keeps it alive); otherwise they are copied.
    public func tensor(dtype: DType, shape: [Int], offset: Int) -> Tensor {
        let tensor: Tensor
        guard let base else { return Tensor(dtype: dtype, shape: shape) }
        let start = base + offset
        if Int(bitPattern: start) % dtype.size == 0 {
            tensor = Tensor(dtype: dtype, shape: shape, adopting: start) { [self] _, _ in
                withExtendedLifetime(self) {}
            }
        } else {
            tensor = Tensor(dtype: dtype, shape: shape)
            tensor.raw.copyMemory(from: start, byteCount: tensor.byteCount)
        }
        return tensor
    }
}
