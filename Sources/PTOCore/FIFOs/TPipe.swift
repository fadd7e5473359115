/// How a FIFO tile is shared between the two AIV lanes (pto-isa `TileSplitAxis`).
public enum TileSplit: Sendable, Equatable {
    /// TILE_NO_SPLIT: one party moves the whole tile; lane offset 0.
    case noSplit
    /// TILE_UP_DOWN: AIV lane l owns rows [l·M/2, (l+1)·M/2) of the slot; its piece starts `sub·rows·cols·size`
    /// bytes into the slot, where `sub` is the hardware sub-block id (see `Cluster.laneOffsetUsesSubBlockId`).
    case upDown
}

/// Which way a TPipe carries tiles.
public enum FifoDirection: Sendable, Equatable {
    /// DIR_C2V: the AIC pushes Acc tiles (FIX → GM), the AIVs pop them into UB.
    case c2v
    /// DIR_V2C: the AIVs push Vec tiles (MTE3 → GM), the AIC pops them into L1.
    case v2c
}

/// One end's view of an a2a3 `TPipe<FlagID, Dir, SlotSize, SlotNum, LocalSlotNum>`: a GM ring of `slotNum` slots
/// of `slotSize` bytes, with cross-core flag `flag` meaning "data ready" and `flag + 1` meaning "slot free".
///
/// Like the C++ object it is a value owned by the program (each core builds its own); it holds the running tile
/// counters `getTileId()` returns, which never wrap. The ring itself is GM, the credits are the cluster's
/// cross-core counters. Credits are batched by `syncPeriod` exactly as pto-isa's a2a3 implementation does.
public struct TPipe: Sendable {
    public let flag: Int
    public let direction: FifoDirection
    public let slotSize: Int
    public let slotNum: Int
    public let localSlotNum: Int
    /// The GM buffer holding the ring and the ring's byte offset in it.
    public let gm: GMBuffer
    public let gmOffset: Int
    /// Byte address of local landing slot 0 (UB for C2V, L1 for V2C).
    public let localBase: Int
    /// `setEntryOffset`: bytes added to the GM slot address on push and pop (never to the local slot).
    public var entryOffset: Int = 0
    /// `prod.getTileId()`: tiles pushed so far.
    public internal(set) var producerTileId: Int = 0
    /// `cons.getTileId()`: tiles popped so far.
    public internal(set) var consumerTileId: Int = 0

    public init(flag: Int, direction: FifoDirection, slotSize: Int, slotNum: Int = 2, localSlotNum: Int = 2,
                gm: GMBuffer, gmOffset: Int, localBase: Int) {
        self.flag = flag
        self.direction = direction
        self.slotSize = slotSize
        self.slotNum = slotNum
        self.localSlotNum = localSlotNum
        self.gm = gm
        self.gmOffset = gmOffset
        self.localBase = localBase
    }

    /// Free credits are sent and awaited every `syncPeriod` tiles: SlotNum for depth ≤ 2, else SlotNum / 2.
    public var syncPeriod: Int { slotNum <= 2 ? slotNum : slotNum / 2 }

    /// Whether push number `t` must first wait for a free credit (`shouldWaitFree`).
    public func producerWaitsForCredit(atTile t: Int) -> Bool { t >= slotNum && t % syncPeriod == 0 }

    /// Whether pop number `t` sends a free credit afterwards (`shouldNotifyFree`).
    public func consumerFreesSlot(atTile t: Int) -> Bool { (t + 1) % syncPeriod == 0 }

    /// `countPendingFreeCredits(t)`: credits the consumer has sent for `t` tiles that the producer's steady-state
    /// waits have not consumed; `~TPipe` waits for exactly these.
    public func pendingFreeCredits(afterTiles t: Int) -> Int {
        guard syncPeriod > 0 else { return 0 }
        let notified = t / syncPeriod
        var waited = 0
        for k in 0..<max(t, 0) where producerWaitsForCredit(atTile: k) { waited += 1 }
        return max(notified - waited, 0)
    }

    /// What is wrong with the pipe's parameters, if anything.
    var configurationProblem: String? {
        if flag < 0 || flag + 1 >= ChipConfig.crossCoreFlags {
            return "flag \(flag) needs flag+1 < \(ChipConfig.crossCoreFlags)"
        }
        if slotSize <= 0 || slotNum <= 0 || localSlotNum <= 0 {
            return "slot size \(slotSize), slot count \(slotNum), local slot count \(localSlotNum) must be positive"
        }
        let (ringBytes, o1) = slotSize.multipliedReportingOverflow(by: slotNum)
        let (end, o2) = gmOffset.addingReportingOverflow(ringBytes)
        if gmOffset < 0 || o1 || o2 || end > gm.byteCount {
            return "ring of \(slotNum) x \(slotSize) bytes at offset \(gmOffset) exceeds its GM buffer of \(gm.byteCount) bytes"
        }
        return nil
    }
}
