#ifndef CPTOSIMD_H
#define CPTOSIMD_H

#include <stdint.h>

// AVX-512 kernels for PTONumerics' bulk loops (exp, element-wise arithmetic, bf16 widening and narrowing, row
// reductions, the seeded bf16 uniform fill).
//
// Each function reproduces a Swift loop in PTONumerics bit for bit; the Swift loop is the definition and the tests
// compare the two. Nothing here may be called unless ptosimd_avx512_available() returned 1: the functions are
// compiled for AVX-512 alone (a per-function target attribute), the rest of the binary for the baseline target.

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when the running CPU has AVX-512 F, BW, VL and DQ (checked once per call with the CPU's feature bits).
int ptosimd_avx512_available(void);

/// dst[i] = exp(src[i]) exactly as VectorMath.exp's bulk loop computes it; `table` is its 64 entries 2^(j/64).
/// Lanes the table path cannot decide take (float)exp((double)x) from the C library. src may equal dst.
void ptosimd_exp_f32(const float *src, float *dst, long count, const uint64_t *table);

/// d[k] = x[k] op y[k] (or x[k] op s when y is NULL) for k < count, as ElementwiseMath's loops: op 0 add, 1 subtract,
/// 2 multiply, 3 divide, 4 maximum (y >= x ? y : x). d may equal x or y but must not otherwise overlap them.
void ptosimd_map_f32(const float *x, const float *y, float s, int op, long count, float *d);

/// dst[i] = bits of src[i] << 16 (bf16 → fp32, exact).
void ptosimd_bf16_widen(const uint16_t *src, float *dst, long count);

/// copy[i] = src[i] and dst[i] = bits of src[i] << 16 in one pass (a bf16 tile and its fp32 side image).
void ptosimd_bf16_copy_widen(const uint16_t *src, uint16_t *copy, float *dst, long count);

/// fp32 → bf16; tiesAway = 0: round to nearest even, 1: ties away from zero. NaN keeps sign and top payload, gains
/// the quiet bit (as BFloat16.roundNearestEven / roundTiesAway).
void ptosimd_bf16_narrow(const float *src, uint16_t *dst, long count, int tiesAway);

/// values[i] = widen(narrow(values[i])) in place, same roundings as ptosimd_bf16_narrow.
void ptosimd_bf16_round_trip(float *values, long count, int tiesAway);

/// Row reductions (TROWSUM / TROWMAX) of a row-major fp32 matrix whose row r starts at src + r * step: dst[r * dstStep]
/// = src[r][0] folded with src[r][1], ..., src[r][cols - 1] in that order (isMax = 0: acc + x; 1: x >= acc ? x : acc),
/// as RowReduction's definition. Handles whole groups of 8 rows and returns how many rows it reduced (0 when the
/// stride is too large for its 32-bit gather offsets); the caller reduces the rest.
long ptosimd_row_reduce_f32(const float *src, long rows, long cols, long step, float *dst, long dstStep, int isMax);

/// dst[2k], dst[2k + 1] = the two bf16 uniforms on [low, low + width) of draw firstDraw + k of the CounterRNG with
/// `key`, for k < pairs, exactly as CounterRNG.fillUniformBF16's pair loop computes them.
void ptosimd_uniform_bf16_pairs(uint64_t key, uint64_t firstDraw, long pairs, float low, float width,
                                uint16_t *dst);

#ifdef __cplusplus
}
#endif

#endif
