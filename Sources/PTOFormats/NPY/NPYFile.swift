import PTONumerics

/// Reads and writes NumPy `.npy` arrays, the format NumPy users load with `np.load`.
///
/// Supported element types: `<f4` (fp32), `<i4` (int32) and `<i8` (int64). NumPy has no bfloat16, so PTOSim writes
/// bf16 tensors as `<u2`: the raw bit patterns, which `(a.astype(np.uint32) << 16).view(np.float32)` widens exactly.
/// On reading, `<u2` is therefore taken as bf16 bits.
public enum NPYFile {
    /// The NumPy type string PTOSim writes for a dtype.
    public static func descr(for dtype: DType) -> String {
        switch dtype {
        case .f32: "<f4"
        case .i32: "<i4"
        case .i64: "<i8"
        case .bf16: "<u2"
        }
    }

    /// The dtype a NumPy type string is read as, or nil when unsupported (`|u2`/`=u2` variants are accepted on
    /// little-endian hosts as NumPy itself treats them).
    public static func dtype(forDescr descr: String) -> DType? {
        switch descr {
        case "<f4", "=f4": .f32
        case "<i4", "=i4": .i32
        case "<i8", "=i8": .i64
        case "<u2", "=u2": .bf16
        default: nil
        }
    }

    /// Writes `tensor` to `path` atomically.
    public static func write(_ tensor: Tensor, to path: String) throws(FormatError) {
        let writer = try AtomicFileWriter(destination: path)
        try write(tensor, into: writer)
        try writer.commit()
    }

    /// Writes `tensor` into a writer the caller commits (possibly with others, see `AtomicFileWriter.commit(_:)`).
    public static func write(_ tensor: Tensor, into writer: AtomicFileWriter) throws(FormatError) {
        try writer.write(NPYHeader(descr: descr(for: tensor.dtype), shape: tensor.shape).encoded())
        if tensor.byteCount > 0 { try writer.write(UnsafeRawPointer(tensor.raw), count: tensor.byteCount) }
    }

    /// Reads the array at `path`. The data are memory-mapped (copied only when misaligned).
    public static func read(_ path: String) throws(FormatError) -> Tensor {
        let mapping = try FileMapping(path: path)
        let (header, dataOffset) = try NPYHeader.parse(mapping.bytes(0..<min(mapping.length, 1 << 20)), file: path)
        guard !header.fortranOrder else {
            throw FormatError(.fortranOrder, "\(path): fortran_order is True; PTOSim reads only C-ordered (row-major) arrays")
        }
        guard let dtype = dtype(forDescr: header.descr) else {
            throw FormatError(.unsupportedDType, "\(path): dtype '\(header.descr)' is not supported "
                              + "(expected '<f4', '<i4', '<i8', or '<u2' holding bf16 bits)")
        }
        guard let needed = Shape.byteCount(header.shape, dtype) else {
            throw FormatError(.sizeMismatch, "\(path): shape \(header.shape) is too large to address")
        }
        let available = mapping.length - dataOffset
        if available < needed {
            throw FormatError(.truncated, "\(path): truncated: shape \(header.shape) of '\(header.descr)' needs "
                              + "\(needed) data bytes but the file holds \(available)")
        }
        if available > needed {
            throw FormatError(.sizeMismatch, "\(path): shape \(header.shape) of '\(header.descr)' needs \(needed) "
                              + "data bytes but the file holds \(available)")
        }
        return mapping.tensor(dtype: dtype, shape: header.shape, offset: dataOffset)
    }
}
