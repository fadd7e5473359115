/// Issue-time operand checks. Each failure records one clear error naming the core, instruction, label, operand and
/// the violated rule (the cluster throws it after the program's step); the instruction is then not issued.
extension CoreIssuer {
    /// Validates a tile operand and compacts it. `space` restricts where it may live.
    func operand(_ t: Tile, _ role: StaticString, in spaces: SpaceSet = .local, dtype: ElementType? = nil,
                 _ op: Op, _ label: StaticString, _ detail: Int) -> TileOperand? {
        if let problem = tileProblem(t, in: spaces, dtype: dtype) {
            reject(op, label, detail, "\(role) tile \(t.summary): \(problem)")
            return nil
        }
        return TileOperand(t)
    }

    private func tileProblem(_ t: Tile, in spaces: SpaceSet, dtype: ElementType?) -> String? {
        guard t.space != .gm else { return "a tile cannot live in GM" }
        guard t.space.exists(on: kind) else { return "the \(kind) has no \(t.space)" }
        if !spaces.contains(SpaceSet(t.space)) {
            return "expected a tile in \(spaces.names)"
        }
        if let dtype, t.dtype != dtype { return "expected \(dtype) elements" }
        guard t.rows > 0, t.cols > 0 else { return "shape must be positive" }
        guard (1...t.rows).contains(t.validRows), (1...t.cols).contains(t.validCols) else {
            return "valid shape \(t.validRows)x\(t.validCols) outside the tile's \(t.rows)x\(t.cols)"
        }
        guard t.address >= 0 else { return "not assigned an address (TASSIGN it first)" }
        return placementProblem(t, at: t.address)
    }

    /// Alignment and capacity of `t` placed at `address`.
    func placementProblem(_ t: Tile, at address: Int) -> String? {
        guard let capacity = t.space.capacity else { return "a tile cannot live in GM" }
        guard address % ChipConfig.tileAlignment == 0 else {
            return "address 0x\(String(address, radix: 16)) is not \(ChipConfig.tileAlignment)-byte aligned"
        }
        let (end, overflow) = address.addingReportingOverflow(t.byteCount)
        guard address >= 0, t.rows > 0, t.cols > 0, !overflow, end <= capacity else {
            return "bytes [0x\(String(address, radix: 16)), 0x\(String(end, radix: 16))) exceed the \(t.space) "
                + "capacity of \(capacity) bytes"
        }
        return nil
    }

    /// Validates a GM view against its buffer and compacts it.
    func operand(_ v: GMView, _ role: StaticString, _ op: Op, _ label: StaticString, _ detail: Int) -> GMOperand? {
        guard let memory = gm, memory._withUnsafeGuaranteedRef({ $0.owns(v.buffer) }) else {
            reject(op, label, detail, "\(role) GM buffer #\(v.buffer.id) belongs to another GlobalMemory than this cluster's")
            return nil
        }
        func name() -> String { memory.takeUnretainedValue().name(of: v.buffer) }
        let limit = Int(Int32.max)
        guard v.rows > 0, v.cols > 0, v.rowStride >= v.cols, v.rows <= limit, v.rowStride <= limit else {
            reject(op, label, detail, "\(role) GM view of '\(name())' has rows \(v.rows), cols \(v.cols), row stride "
                + "\(v.rowStride) (need rows, cols > 0 and stride >= cols)")
            return nil
        }
        let (extent, o1) = ((v.rows - 1) * v.rowStride).addingReportingOverflow(v.cols)
        let (bytes, o2) = extent.multipliedReportingOverflow(by: v.dtype.size)
        let (end, o3) = v.offset.addingReportingOverflow(bytes)
        guard v.offset >= 0, !o1, !o2, !o3, end <= v.buffer.byteCount else {
            reject(op, label, detail, "\(role) GM view of '\(name())' at byte offset \(v.offset) spans \(bytes) bytes, "
                + "past the buffer's \(v.buffer.byteCount) bytes")
            return nil
        }
        // A GlobalTensor<T> is addressed in elements: a byte offset inside an element is a misaligned view.
        guard v.offset % v.dtype.size == 0 else {
            reject(op, label, detail, "\(role) GM view of '\(name())' at byte offset \(v.offset) is not aligned to its "
                + "\(v.dtype.size)-byte \(v.dtype) elements")
            return nil
        }
        return GMOperand(v)
    }

    /// Checks that a pipe exists on this core (the AIC has no V; the AIV has no MTE1, M or FIX).
    func pipeExists(_ p: Pipe, _ op: Op, _ label: StaticString, _ detail: Int) -> Bool {
        guard p.exists(on: kind) else {
            reject(op, label, detail, "pipe \(p) does not exist on the \(kind)")
            return false
        }
        return true
    }

    /// Checks that `other` has `first`'s valid shape (and, for element-wise work, an element order that agrees).
    func sameShape(_ first: Tile, _ firstRole: StaticString, _ other: Tile, _ otherRole: StaticString, layout: Bool,
                   _ op: Op, _ label: StaticString, _ detail: Int) -> Bool {
        if other.validRows != first.validRows || other.validCols != first.validCols {
            reject(op, label, detail, "\(otherRole) valid shape \(other.validRows)x\(other.validCols) differs from "
                + "\(firstRole)'s \(first.validRows)x\(first.validCols)")
            return false
        }
        // Differing layouts only agree element by element when both valid regions are contiguous runs.
        if layout && other.layout != first.layout && !(other.hasDenseValidRegion && first.hasDenseValidRegion) {
            reject(op, label, detail, "\(otherRole) is \(other.layout) but \(firstRole) is \(first.layout)")
            return false
        }
        return true
    }
}

extension Tile {
    /// Whether the valid region is one contiguous run of elements in storage order.
    var hasDenseValidRegion: Bool {
        layout == .rowMajor ? (validCols == cols || validRows == 1) : (validRows == rows || validCols == 1)
    }
}

/// A set of spaces an operand may live in (a bit mask, so checks allocate nothing).
struct SpaceSet: OptionSet {
    let rawValue: UInt8

    init(rawValue: UInt8) { self.rawValue = rawValue }
    init(_ space: Space) { rawValue = 1 << space.rawValue }

    static let l1 = SpaceSet(.l1)
    static let l0a = SpaceSet(.l0a)
    static let l0b = SpaceSet(.l0b)
    static let l0c = SpaceSet(.l0c)
    static let ub = SpaceSet(.ub)
    static let local: SpaceSet = [.l1, .l0a, .l0b, .l0c, .ub]

    var names: String {
        Space.allCases.filter { contains(SpaceSet($0)) }.map(\.name).joined(separator: " or ")
    }
}
