import PTOCore

/// The kernel's compile-time configuration for one q_tile (simpler's `PAConfig<QT>`): FIFO slot sizes, and the UB and
/// L1 addresses every tile is TASSIGNed to. The addresses follow the original kernel so that capacity, overlap and
/// aliasing in the emulated scratchpads are the chip's.
public struct PAConfig: Sendable, Equatable {
    /// Rows of one logical block: 16, or 64 when num_heads ≥ 64.
    public let qTile: Int
    /// Rows each AIV lane handles (TILE_UP_DOWN halves).
    public var subQTile: Int { qTile / 2 }

    public static let maxQTile = 64
    public static let headDim = 128
    public static let maxBlockSize = 128
    public static let fifoDepth = 2
    public static let localSlotNum = 2
    /// The hardware block count of the MixedKernels task (the orchestration's SPMD_BLOCK_NUM).
    public static let hardwareBlocks = 24

    /// Cross-core flag ids: each pipe uses id (data ready) and id+1 (slot free).
    public static let sijFlag = 0, pijFlag = 2, oiFlag = 4

    public init(qTile: Int) {
        precondition(qTile == 16 || qTile == 64, "q_tile must be 16 or 64")
        self.qTile = qTile
    }

    /// The configuration the kernel dispatches to for `numHeads`.
    public static func forHeads(_ numHeads: Int) -> PAConfig { PAConfig(qTile: numHeads >= maxQTile ? 64 : 16) }

    // GM FIFO slots hold a whole q_tile tile sized for the largest block.
    public var sijSlotSize: Int { qTile * Self.maxBlockSize * 4 }
    public var pijSlotSize: Int { qTile * Self.maxBlockSize * 2 }
    public var oiSlotSize: Int { qTile * Self.headDim * 4 }

    /// Per-hardware-block stride of each GM FIFO buffer: always the q_tile-64 size, so one layout serves both configs.
    public static var sijHardwareStride: Int { PAConfig(qTile: 64).sijSlotSize * fifoDepth }
    public static var pijHardwareStride: Int { PAConfig(qTile: 64).pijSlotSize * fifoDepth }
    public static var oiHardwareStride: Int { PAConfig(qTile: 64).oiSlotSize * fifoDepth }

    // UB (each AIV): the two local sij landing slots, the two oi slots, then the work tiles.
    public var sijUBBase: Int { 0 }
    public var sijUBSize: Int { (Self.localSlotNum - 1) * sijSlotSize + subQTile * Self.maxBlockSize * 4 }
    public var oiUBBase: Int { sijUBBase + sijUBSize }
    public var oiUBSize: Int { (Self.localSlotNum - 1) * oiSlotSize + subQTile * Self.headDim * 4 }
    public var workUBBase: Int { oiUBBase + oiUBSize }

    // L1 (AIC): Q at 0, K slots at 0x20000, pij landing slots at 0x40000, V slots after them.
    public var qL1Address: Int { 0 }
    public var kL1Address: Int { 0x20000 }
    public var pijL1Base: Int { 0x40000 }
    public var pijL1Size: Int { Self.localSlotNum * pijSlotSize }
    public var vL1Address: Int { pijL1Base + pijL1Size }

    /// Column-vector tiles are padded to a multiple of 8 floats (32 B) so a ColMajor N×1 tile is legal.
    public var alignedRows: Int { ((subQTile * 4 + 31) / 32) * 8 }
    /// The (rows/8)×8 "ND scalar" tiles.
    public var scalarRows: Int { subQTile / 8 }
}
