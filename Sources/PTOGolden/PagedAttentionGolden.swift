import PTONumerics
import PTOCases

/// The reference paged-attention computation (filled in by the foundation work).
public enum PagedAttentionGolden {}
