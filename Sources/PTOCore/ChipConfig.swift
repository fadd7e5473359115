/// a2a3 (910B-class) constants the core emulation is built on: buffer capacities, alignment, event-id ranges and the
/// hidden UB scratch area. Values come from pto-isa's `buffer_limits.hpp` / `constants.hpp` and the CANN docs.
public enum ChipConfig {
    /// L1 (cbuf) of one AIC, bytes.
    public static let l1Bytes = 512 * 1024
    /// L0A (left operand buffer) of one AIC, bytes.
    public static let l0aBytes = 64 * 1024
    /// L0B (right operand buffer) of one AIC, bytes.
    public static let l0bBytes = 64 * 1024
    /// L0C (accumulator buffer) of one AIC, bytes.
    public static let l0cBytes = 128 * 1024
    /// Unified buffer of one AIV, bytes.
    public static let ubBytes = 192 * 1024
    /// Start of the 8 KiB UB area that TROWEXPAND* with a column-major operand uses as scratch (`TMP_UB_OFFSET`).
    public static let ubScratchOffset = 184 * 1024
    /// Size of that scratch area (`TMP_UB_SIZE`).
    public static let ubScratchBytes = 8 * 1024
    /// Every on-chip tile address must be a multiple of this (one 32-byte block).
    public static let tileAlignment = 32
    /// Intra-core event ids per (src, dst) pipe pair: EVENT_ID0 ... EVENT_ID7.
    public static let eventIDs = 8
    /// Cross-core (FFTS) flag ids per core.
    public static let crossCoreFlags = 16
    /// Largest value a 4-bit cross-core counter can hold; one more set is an overflow.
    public static let crossCoreCounterMax = 15
    /// Largest m, n or k one cube MAD accepts.
    public static let matmulMaxDim = 4095
    /// AIV lanes per cluster.
    public static let vectorCoresPerCluster = 2
    /// Bytes of one line of the scalar unit's data cache (the unit `dcci` cleans).
    public static let scalarCacheLineBytes = 64
}
