import PTONumerics

/// A request for the runtime to allocate a task's output buffer from the heap ring (simpler's `TensorCreateInfo`).
///
/// All create-info outputs of one task are packed into one heap allocation, each rounded up to 1 KiB. The buffer's
/// contents are undefined unless `initialValue` is set (the runtime fills it at submit). The materialised tensor is
/// contiguous, starts at offset 0 and names the submitting task as its owner.
public struct TensorCreateInfo: Sendable, Equatable {
    /// Packing granularity of outputs in the heap ring (`PTO2_PACKED_OUTPUT_ALIGN`).
    public static let packedAlignment = 1024

    /// Dimensions, outermost first.
    public var shape: [Int]
    /// Element type.
    public var dtype: DType
    /// Fill value applied at submit; nil leaves whatever the heap held.
    public var initialValue: Float?
    /// Opt this buffer out of TensorMap tracking.
    public var manualDep: Bool
    /// Name for records and error messages.
    public var name: String

    /// Describes an output of `shape` and `dtype` (fp32 by default).
    public init(shape: [Int], dtype: DType = .f32, initialValue: Float? = nil, manualDep: Bool = false,
                name: String = "output") {
        self.shape = shape
        self.dtype = dtype
        self.initialValue = initialValue
        self.manualDep = manualDep
        self.name = name
    }

    /// Payload bytes.
    public var byteCount: Int { shape.reduce(1, *) * dtype.size }
    /// Bytes this output occupies in the heap ring.
    public var paddedByteCount: Int {
        (byteCount + TensorCreateInfo.packedAlignment - 1) / TensorCreateInfo.packedAlignment
            * TensorCreateInfo.packedAlignment
    }
}
