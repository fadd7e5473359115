/// The scalar unit's data cache, as far as a kernel's scalar stores to GM go: a write-back cache. A store lands in
/// the core's cache line and GM keeps its old bytes until a `dcci` cleans that line, which writes the line's dirty
/// bytes out and drops it. Stores nobody cleans never reach GM in PTOSim (the host would read stale data), and the
/// run warns about them.
///
/// A line is the 64-byte block of a GM buffer that holds the address (buffers start 64-byte aligned in PTOSim's GM,
/// so this is the hardware line). Only the bytes stores wrote are dirty: cleaning a line never rewrites bytes another
/// core may have written to the same line.
///
/// Two views are kept because an instruction's issue record must be known when it is issued (the timed mode records
/// whole streams before running any effect): `issuedDirty` follows program order at issue and decides which GM bytes
/// a `dcci` writes; `lines` holds the data as stores execute. The scalar unit runs in program order, so both agree.
struct ScalarDataCache {
    /// One cached line: where it lives and its contents.
    struct Line {
        var bufferID: Int32
        /// Byte offset of the line's first byte inside the buffer.
        var lineOffset: Int
        var bytes = [UInt8](repeating: 0, count: ChipConfig.scalarCacheLineBytes)
        var dirty: UInt64 = 0
    }

    /// A store issued but not yet cleaned, for the end-of-run warning.
    struct PendingStore {
        var address: Int
        var label: StaticString
        var detail: Int
    }

    /// Dirty byte masks by line, in issue order.
    private(set) var issuedDirty: [Int: UInt64] = [:]
    /// Stores issued since their line was last cleaned, by line.
    private(set) var pending: [Int: [PendingStore]] = [:]
    /// Line contents written by executed stores and not yet cleaned.
    private var lines: [Int: Line] = [:]

    /// The key of the line holding byte `offset` of buffer `bufferID`.
    static func key(bufferID: Int32, offset: Int) -> Int {
        Int(bufferID) << 40 | (offset / ChipConfig.scalarCacheLineBytes)
    }

    /// The first byte of the line holding `offset`.
    static func lineStart(_ offset: Int) -> Int { offset - offset % ChipConfig.scalarCacheLineBytes }

    /// The mask of `bytes` bytes at `offset` inside their line (a naturally aligned store never crosses a line).
    static func mask(offset: Int, bytes: Int) -> UInt64 {
        ((1 << UInt64(bytes)) - 1) << UInt64(offset % ChipConfig.scalarCacheLineBytes)
    }

    /// Issue of a store of `bytes` bytes at `offset` of buffer `bufferID` (flat address `address`).
    mutating func issueStore(bufferID: Int32, offset: Int, bytes: Int, address: Int, label: StaticString, detail: Int) {
        let k = Self.key(bufferID: bufferID, offset: offset)
        issuedDirty[k, default: 0] |= Self.mask(offset: offset, bytes: bytes)
        pending[k, default: []].append(PendingStore(address: address, label: label, detail: detail))
    }

    /// Issue of a `dcci` of the line holding `offset`: the dirty mask it will write out (0 for a clean line).
    mutating func issueClean(bufferID: Int32, offset: Int) -> UInt64 {
        let k = Self.key(bufferID: bufferID, offset: offset)
        pending[k] = nil
        return issuedDirty.removeValue(forKey: k) ?? 0
    }

    /// Execution of a store: the value's bytes go into the line, GM is untouched.
    mutating func store(bufferID: Int32, offset: Int, bits: UInt32) {
        let k = Self.key(bufferID: bufferID, offset: offset)
        var line = lines[k] ?? Line(bufferID: bufferID, lineOffset: Self.lineStart(offset))
        let at = offset % ChipConfig.scalarCacheLineBytes
        withUnsafeBytes(of: bits.littleEndian) { for (i, b) in $0.enumerated() { line.bytes[at + i] = b } }
        line.dirty |= Self.mask(offset: offset, bytes: 4)
        lines[k] = line
    }

    /// Execution of a `dcci`: removes the line and returns it, for its dirty bytes to be written to GM.
    mutating func clean(bufferID: Int32, offset: Int) -> Line? {
        lines.removeValue(forKey: Self.key(bufferID: bufferID, offset: offset))
    }

    /// Forgets everything: a fresh kernel run.
    mutating func reset() {
        issuedDirty.removeAll(keepingCapacity: true)
        pending.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
    }

    /// Runs of consecutive set bits of `mask` as (first byte, byte count).
    static func runs(_ mask: UInt64) -> [(start: Int, count: Int)] {
        var out: [(Int, Int)] = []
        var rest = mask
        while rest != 0 {
            let start = rest.trailingZeroBitCount
            let count = (~(rest >> UInt64(start))).trailingZeroBitCount
            out.append((start, count))
            rest &= count + start >= 64 ? 0 : ~UInt64(0) << UInt64(start + count)
        }
        return out
    }
}
