import PTOCore

/// Row softmax of a `rows x cols` fp32 matrix in GM on one AIV: `y[r][c] = exp(x[r][c] - max_r) / sum_r`.
///
/// The matrix goes through UB `tileRows` rows at a time. TLOAD brings a tile in on MTE2, five vector instructions
/// compute its softmax on V, TSTORE writes it back on MTE3. With two UB slots (ping-pong) the load of tile i + 1
/// and the store of tile i - 1 overlap the vector work on tile i; four events per slot keep the three pipes from
/// touching a slot at the wrong time.
struct RowSoftmaxKernel: CoreProgram {
    /// The matrix in GM and where its softmax goes (both `rows x cols` fp32, row-major).
    let input: GMBuffer, output: GMBuffer
    let rows: Int, cols: Int, tileRows: Int
    /// UB slots: 2 is ping-pong, 1 runs the tiles one after the other.
    var slots = 2
    /// An event to leave out (both its set_flag and its wait_flag), to see what the race checker says.
    var without: Event?
    var done = false

    mutating func step(_ core: CoreIssuer) throws -> Bool {
        guard !done else { return false }
        done = true
        let ub = try UBTiles(core, tileRows: tileRows, cols: cols)
        for s in 0..<slots { set(.xFree, s, core); set(.yFree, s, core) }   // every slot starts free
        for i in 0..<rows / tileRows {
            let s = i % slots, x = ub.x[s], y = ub.y[s]
            wait(.xFree, s, core)
            core.tload(x, view(input, tile: i), label: "load x", detail: i)
            set(.xLoaded, s, core); wait(.xLoaded, s, core)
            wait(.yFree, s, core)
            core.trowmax(ub.rowMax, x, ub.scratch, label: "row max", detail: i)
            core.trowexpandsub(x, x, ub.rowMax, label: "x - max", detail: i)
            core.texp(x, x, label: "exp", detail: i)
            core.trowsum(ub.rowSum, x, ub.scratch, label: "row sum", detail: i)
            core.trowexpanddiv(y, x, ub.rowSum, label: "e / sum", detail: i)
            set(.xFree, s, core)
            set(.yReady, s, core); wait(.yReady, s, core)
            core.tstore(view(output, tile: i), y, label: "store y", detail: i)
            set(.yFree, s, core)
        }
        for s in 0..<slots { wait(.xFree, s, core); wait(.yFree, s, core) }  // leave no flag set at exit
        return true
    }

    /// Tile `i` of a matrix in GM: `tileRows` consecutive rows (the offset is in bytes).
    func view(_ buffer: GMBuffer, tile i: Int) -> GMView {
        GMView(buffer, offset: i * tileRows * cols * 4, rows: tileRows, cols: cols, rowStride: cols, .f32)
    }

    func set(_ e: Event, _ slot: Int, _ core: CoreIssuer) {
        if e != without { core.setFlag(e.src, e.dst, e.id(slot), label: e.label) }
    }

    func wait(_ e: Event, _ slot: Int, _ core: CoreIssuer) {
        if e != without { core.waitFlag(e.src, e.dst, e.id(slot), label: e.label) }
    }
}

/// The kernel's events. Each is a set_flag on its source pipe and a wait_flag on its destination pipe, with one event
/// id per UB slot, so each slot has its own four flags.
enum Event: String, CaseIterable {
    /// MTE2 → V: the tile has landed in `x[slot]`.
    case xLoaded = "x-loaded"
    /// V → MTE2: V has finished with `x[slot]`, the next load may overwrite it.
    case xFree = "x-free"
    /// V → MTE3: `y[slot]` holds the softmax.
    case yReady = "y-ready"
    /// MTE3 → V: `y[slot]` is in GM, V may write it again.
    case yFree = "y-free"

    var src: Pipe {
        switch self {
        case .xLoaded: .mte2
        case .xFree, .yReady: .v
        case .yFree: .mte3
        }
    }

    var dst: Pipe {
        switch self {
        case .xLoaded, .yFree: .v
        case .xFree: .mte2
        case .yReady: .mte3
        }
    }

    /// The event id of `slot`. V is the source of two events; on a2a3 an id belongs to its source pipe whatever the
    /// destination, so they take ids 0-1 and 2-3 (sharing one would be the checker's `shared_event_id` warning).
    func id(_ slot: Int) -> Int { self == .yReady ? 2 + slot : slot }

    /// What the checker and fault messages print.
    var label: StaticString {
        switch self {
        case .xLoaded: "x loaded"
        case .xFree: "x free"
        case .yReady: "y ready"
        case .yFree: "y free"
        }
    }
}

/// Where the kernel's tiles sit in the AIV's 192 KiB UB (TASSIGN: 32-byte aligned byte addresses).
struct UBTiles {
    /// Input and output tiles of each slot (`tileRows x cols` fp32, 8 KiB each for 16 x 128).
    var x: [Tile] = [], y: [Tile] = []
    /// The scratch tile TROWMAX/TROWSUM write, and the per-row max and sum (columns of `tileRows` floats).
    var scratch: Tile, rowMax: Tile, rowSum: Tile

    init(_ core: CoreIssuer, tileRows: Int, cols: Int) throws {
        var next = 0
        func place(_ rows: Int, _ cols: Int) throws -> Tile {
            var t = Tile(.ub, rows: rows, cols: cols, .f32)
            try core.tassign(&t, next)
            next += (t.byteCount + 31) / 32 * 32
            return t
        }
        for _ in 0..<2 { x.append(try place(tileRows, cols)) }
        for _ in 0..<2 { y.append(try place(tileRows, cols)) }
        scratch = try place(tileRows, cols)
        rowMax = try place(tileRows, 1)
        rowSum = try place(tileRows, 1)
    }
}

/// A core with nothing to run (the AIC and the second AIV of the cluster).
struct Idle: CoreProgram {
    mutating func step(_ core: CoreIssuer) throws -> Bool { false }
}
