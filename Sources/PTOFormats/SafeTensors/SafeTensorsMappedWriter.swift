import PTONumerics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds a safetensors file in place: the file is created at its final size and memory-mapped, and the caller
/// gets tensors whose storage *is* the file's data section, so generating or computing into them writes the file.
///
/// For gigabyte-sized outputs this halves the memory the run touches (no separate tensors copied into the page
/// cache by `write`) and removes the copy; `commit()` then only has to flush. The file is laid out exactly as
/// `SafeTensorsWriter` would write the same tensors, and it is atomic in the same way: a temporary file beside the
/// destination (registered with `InterruptCleanup`), disk space reserved up front with `posix_fallocate` (so a full
/// disk is an error here, never a fault while writing through the mapping), fsync, rename.
public final class SafeTensorsMappedWriter {
    private let writer: AtomicFileWriter
    private let mapping: SharedFileMapping
    private let slots: [String: (offset: Int, dtype: DType, shape: [Int])]

    /// Creates the temporary file for `tensors` and `metadata` and maps it.
    public init(destination: String, tensors: [SafeTensorsWriter.Spec], metadata: [String: String]) throws(FormatError) {
        try SafeTensorsWriter.checkNames(tensors, file: destination)
        for spec in tensors where Shape.byteCount(spec.shape, spec.dtype) == nil {
            throw FormatError(.sizeMismatch, "\(destination): tensor '\(spec.name)' shape \(spec.shape) is too large")
        }
        let order = SafeTensorsWriter.dataOrder(tensors)
        let header = SafeTensorsWriter.headerBytes(order.map { tensors[$0] }, metadata: metadata)
        var slots: [String: (offset: Int, dtype: DType, shape: [Int])] = [:]
        var offset = header.count
        for i in order {
            let spec = tensors[i]
            slots[spec.name] = (offset, spec.dtype, spec.shape)
            offset += Shape.byteCount(spec.shape, spec.dtype)!
        }
        let writer = try AtomicFileWriter(destination: destination)
        let mapping = try writer.mapShared(length: offset)
        header.withUnsafeBytes { mapping.base.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        self.writer = writer
        self.mapping = mapping
        self.slots = slots
    }

    /// The tensor called `name`, backed by the file (it stays valid after `commit()`, as long as it is referenced).
    public func tensor(_ name: String) -> Tensor {
        guard let slot = slots[name] else { preconditionFailure("no tensor '\(name)' in this file's layout") }
        let mapping = self.mapping
        return Tensor(dtype: slot.dtype, shape: slot.shape, adopting: mapping.base + slot.offset) { _, _ in
            withExtendedLifetime(mapping) {}
        }
    }

    /// Flushes the mapping and the file, and renames the file into place.
    public func commit() throws(FormatError) {
        if msync(mapping.base, mapping.length, MS_SYNC) != 0 {
            let reason = POSIX.lastError
            writer.abandon()
            throw FormatError(.io, "\(writer.destination): msync failed: \(reason)")
        }
        try writer.commit()
    }

    /// Discards the file.
    public func abandon() { writer.abandon() }
}

/// A read-write shared mapping of a file being written; unmapped when the last tensor using it is gone.
final class SharedFileMapping: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let length: Int

    init(base: UnsafeMutableRawPointer, length: Int) {
        self.base = base
        self.length = length
    }

    deinit { munmap(base, length) }
}

extension AtomicFileWriter {
    /// Sizes the temporary file to `length` bytes, reserves its disk space and maps it read-write, shared.
    func mapShared(length: Int) throws(FormatError) -> SharedFileMapping {
        let fd = descriptor
        let reserved = posix_fallocate(fd, 0, off_t(length))
        guard reserved == 0 else {
            abandon()
            throw FormatError(.io, "\(destination): cannot reserve \(length) bytes: \(String(cString: strerror(reserved)))")
        }
        guard let p = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), p != MAP_FAILED else {
            let reason = POSIX.lastError
            abandon()
            throw FormatError(.io, "\(destination): cannot map the output file: \(reason)")
        }
        return SharedFileMapping(base: p, length: length)
    }
}
