import PTOCore
import PTORuntime
import PTONumerics

/// The GM address space a launch's kernels see: every tensor a task argument names is registered in GM once (by
/// its storage), so two tasks that receive views of one tensor address the same bytes, as on the chip.
public final class GMBinder: @unchecked Sendable {
    /// The emulated GM.
    public let gm: GlobalMemory
    private let lock = NSLockLike()
    private var bound: [ObjectIdentifier: GMBuffer] = [:]

    /// A binder over `gm`.
    public init(gm: GlobalMemory) { self.gm = gm }

    /// The GM buffer holding `t`'s storage (registered on first use).
    public func buffer(_ t: ChipTensor) -> GMBuffer {
        lock.locked {
            let id = ObjectIdentifier(t.tensor)
            if let b = bound[id] { return b }
            let b = gm.register(t.tensor, name: t.name)
            bound[id] = b
            return b
        }
    }

    /// A 2-D GM view into `t`: `rows` × `cols` elements of type `dtype`, the first at element `element` counted
    /// from the start of the view `t` (its `startOffset` is added here), rows `rowStride` elements apart.
    public func view(_ t: ChipTensor, element: Int, rows: Int, cols: Int, rowStride: Int,
                     _ dtype: ElementType) -> GMView {
        GMView(buffer(t), offset: (t.startOffset + element) * dtype.size, rows: rows, cols: cols,
               rowStride: rowStride, dtype)
    }
}
