import PTOCore
/// The tensormap_and_ringbuffer runtime emulation (PTO2).
public enum RuntimeInfo {}
