/// a2a3 (910B-class) constants the core emulation is built on.
public enum ChipConfig {}
