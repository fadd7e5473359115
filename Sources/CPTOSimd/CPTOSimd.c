// AVX-512 versions of PTONumerics' bulk loops. Every function here mirrors a Swift loop operation for operation
// (no fused multiply-add, same constants, same order of operations per element), so the results are the same bits;
// the tests in PTONumericsTests hold the two side by side. Compiled for AVX-512 per function only: the package's
// other code, and this file's dispatch check, stay on the baseline target. Whole vectors use plain loads and stores
// and only the tail is masked: masked stores in the main loop ran at half the speed of the SSE2 loops on buffers
// larger than the caches (scripts/bench-bulk.sh).

#include "CPTOSimd.h"

#if defined(__x86_64__)

#include <immintrin.h>
#include <math.h>

#pragma clang fp contract(off)

#define AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq")))

int ptosimd_avx512_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
}

// MARK: exp

// Entry j of the 64-entry table, for each lane's j (0 ..< 64): four two-register permutes pick within each quarter of
// the table (held in eight registers), two blends on bits 4 and 5 pick the quarter. This replaced a gather, which cost
// a fifth more per element on this host.
AVX512 static inline __m512i table64(__m512i j, const __m512i t[8]) {
    __m512i q0 = _mm512_permutex2var_epi64(t[0], j, t[1]), q1 = _mm512_permutex2var_epi64(t[2], j, t[3]);
    __m512i q2 = _mm512_permutex2var_epi64(t[4], j, t[5]), q3 = _mm512_permutex2var_epi64(t[6], j, t[7]);
    __mmask8 bit4 = _mm512_test_epi64_mask(j, _mm512_set1_epi64(16));
    __mmask8 bit5 = _mm512_test_epi64_mask(j, _mm512_set1_epi64(32));
    return _mm512_mask_blend_epi64(bit5, _mm512_mask_blend_epi64(bit4, q0, q1), _mm512_mask_blend_epi64(bit4, q2, q3));
}

// exp of 8 floats by the definition's double-precision algorithm; *slow gets the lanes the definition hands to the C
// library (near a rounding boundary, or outside (-87, 88)).
AVX512 static inline __m256 exp8(__m256 xf, const __m512i t[8], __mmask8 *slow) {
    const __m512d scale = _mm512_set1_pd(64 / 0.693147180559945309417232121458);
    const __m512d shift = _mm512_set1_pd(0x1.8p52);
    const __m512i shiftBits = _mm512_castpd_si512(shift);
    const __m512d ln2High = _mm512_set1_pd(0x1.62e42fefa0000p-7), ln2Low = _mm512_set1_pd(0x1.cf79abc9e3b3ap-46);
    const __m512d one = _mm512_set1_pd(1), half = _mm512_set1_pd(0.5);
    const __m512d sixth = _mm512_set1_pd(1.0 / 6), twentyFourth = _mm512_set1_pd(1.0 / 24);
    const __m512d low = _mm512_set1_pd(-87), high = _mm512_set1_pd(88);
    const __m512i dropped = _mm512_set1_epi64(0x1FFFFFFF), window = _mm512_set1_epi64(2048);
    const __m512i bias = _mm512_set1_epi64(1024 - 0x10000000);
    __m512d x = _mm512_cvtps_pd(xf);
    __m512d shifted = _mm512_add_pd(_mm512_mul_pd(x, scale), shift);
    __m512d kd = _mm512_sub_pd(shifted, shift);
    __m512i k = _mm512_sub_epi64(_mm512_castpd_si512(shifted), shiftBits);
    __m512d r = _mm512_sub_pd(_mm512_sub_pd(x, _mm512_mul_pd(kd, ln2High)), _mm512_mul_pd(kd, ln2Low));
    __m512d p = _mm512_add_pd(sixth, _mm512_mul_pd(r, twentyFourth));
    p = _mm512_add_pd(half, _mm512_mul_pd(r, p));
    p = _mm512_add_pd(one, _mm512_mul_pd(r, p));
    p = _mm512_add_pd(one, _mm512_mul_pd(r, p));
    __m512i entry = table64(_mm512_and_si512(k, _mm512_set1_epi64(63)), t);
    __m512i e = _mm512_slli_epi64(_mm512_srai_epi64(k, 6), 52);
    __m512d y = _mm512_mul_pd(_mm512_castsi512_pd(_mm512_add_epi64(entry, e)), p);
    __m512i tail = _mm512_and_si512(_mm512_add_epi64(_mm512_castpd_si512(y), bias), dropped);
    __mmask8 nearHalfway = _mm512_cmplt_epu64_mask(tail, window);
    __mmask8 inRange = _mm512_cmp_pd_mask(x, low, _CMP_GT_OQ) & _mm512_cmp_pd_mask(x, high, _CMP_LT_OQ);
    *slow = (__mmask8)(nearHalfway | (__mmask8)~inRange);
    return _mm512_cvtpd_ps(y);
}

// The lanes in `slow` recomputed the way the definition does for them: the C library's double exp, rounded to float.
AVX512 static __attribute__((noinline)) __m256 expSlowLanes(__m256 xf, __m256 result, __mmask8 slow) {
    float xs[8], ys[8];
    _mm256_storeu_ps(xs, xf);
    _mm256_storeu_ps(ys, result);
    for (int lane = 0; lane < 8; lane++) {
        if (slow & (1u << lane)) ys[lane] = (float)exp((double)xs[lane]);
    }
    return _mm256_loadu_ps(ys);
}

// Sixteen elements a step, as two independent halves of eight doubles, so the two chains overlap. Each half is loaded
// before either is stored, so src == dst is safe.
AVX512 void ptosimd_exp_f32(const float *src, float *dst, long count, const uint64_t *table) {
    __m512i t[8];
    for (int q = 0; q < 8; q++) t[q] = _mm512_loadu_si512(table + 8 * q);
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        __m256 xa = _mm256_loadu_ps(src + i), xb = _mm256_loadu_ps(src + i + 8);
        __mmask8 slowA, slowB;
        __m256 ya = exp8(xa, t, &slowA), yb = exp8(xb, t, &slowB);
        if (__builtin_expect((slowA | slowB) != 0, 0)) {
            if (slowA) ya = expSlowLanes(xa, ya, slowA);
            if (slowB) yb = expSlowLanes(xb, yb, slowB);
        }
        _mm256_storeu_ps(dst + i, ya);
        _mm256_storeu_ps(dst + i + 8, yb);
    }
    for (; i < count; i += 8) {
        long left = count - i;
        __mmask8 live = left >= 8 ? 0xFF : (__mmask8)((1u << left) - 1);
        __m256 xf = _mm256_maskz_loadu_ps(live, src + i);
        __mmask8 slow;
        __m256 y = exp8(xf, t, &slow);
        slow &= live;
        if (slow) y = expSlowLanes(xf, y, slow);
        _mm256_mask_storeu_ps(dst + i, live, y);
    }
}

// The first `left` of 16 lanes (all 16 when left >= 16).
static inline __mmask16 lanes16(long left) {
    return left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
}

// MARK: element-wise arithmetic

// One operation on 16 lanes; maximum is y >= x ? y : x (an ordered compare: a NaN y keeps x, equal values take y).
AVX512 static inline __m512 op16(__m512 x, __m512 y, int op) {
    switch (op) {
    case 0: return _mm512_add_ps(x, y);
    case 1: return _mm512_sub_ps(x, y);
    case 2: return _mm512_mul_ps(x, y);
    case 3: return _mm512_div_ps(x, y);
    default: return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(y, x, _CMP_GE_OQ), x, y);
    }
}

// Inlined once per constant `op` and operand kind, so neither test is left in the loop. Each vector of x and y is
// loaded before d's is stored, so d == x or d == y is safe.
AVX512 static inline __attribute__((always_inline))
void map_loop(const float *x, const float *y, float s, int op, long count, float *d) {
    const __m512 splat = _mm512_set1_ps(s);
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        __m512 b = y ? _mm512_loadu_ps(y + i) : splat;
        _mm512_storeu_ps(d + i, op16(_mm512_loadu_ps(x + i), b, op));
    }
    if (i < count) {
        __mmask16 live = lanes16(count - i);
        __m512 b = y ? _mm512_maskz_loadu_ps(live, y + i) : splat;
        _mm512_mask_storeu_ps(d + i, live, op16(_mm512_maskz_loadu_ps(live, x + i), b, op));
    }
}

AVX512 void ptosimd_map_f32(const float *x, const float *y, float s, int op, long count, float *d) {
    if (y) {
        switch (op) {
        case 0: map_loop(x, y, s, 0, count, d); break;
        case 1: map_loop(x, y, s, 1, count, d); break;
        case 2: map_loop(x, y, s, 2, count, d); break;
        case 3: map_loop(x, y, s, 3, count, d); break;
        default: map_loop(x, y, s, 4, count, d); break;
        }
    } else {
        switch (op) {
        case 0: map_loop(x, 0, s, 0, count, d); break;
        case 1: map_loop(x, 0, s, 1, count, d); break;
        case 2: map_loop(x, 0, s, 2, count, d); break;
        case 3: map_loop(x, 0, s, 3, count, d); break;
        default: map_loop(x, 0, s, 4, count, d); break;
        }
    }
}

// MARK: bf16

AVX512 void ptosimd_bf16_widen(const uint16_t *src, float *dst, long count) {
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        __m512i h = _mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)(src + i)));
        _mm512_storeu_si512(dst + i, _mm512_slli_epi32(h, 16));
    }
    for (; i < count; i += 16) {
        __mmask16 live = lanes16(count - i);
        __m512i h = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(live, src + i));
        _mm512_mask_storeu_epi32(dst + i, live, _mm512_slli_epi32(h, 16));
    }
}

AVX512 void ptosimd_bf16_copy_widen(const uint16_t *src, uint16_t *copy, float *dst, long count) {
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        __m256i h = _mm256_loadu_si256((const __m256i *)(src + i));
        _mm256_storeu_si256((__m256i *)(copy + i), h);
        _mm512_storeu_si512(dst + i, _mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
    }
    for (; i < count; i += 16) {
        __mmask16 live = lanes16(count - i);
        __m256i h = _mm256_maskz_loadu_epi16(live, src + i);
        _mm256_mask_storeu_epi16(copy + i, live, h);
        _mm512_mask_storeu_epi32(dst + i, live, _mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
    }
}

// The bf16 pattern (in the low 16 bits of each lane) of 16 fp32 bit patterns; see BFloat16.roundNearestEven and
// BFloat16.roundTiesAway for why the integer additions round correctly.
AVX512 static inline __m512i narrow16(__m512i bits, int tiesAway) {
    __m512i high = _mm512_srli_epi32(bits, 16);
    __m512i increment = tiesAway
        ? _mm512_set1_epi32(0x8000)
        : _mm512_add_epi32(_mm512_set1_epi32(0x7FFF), _mm512_and_si512(high, _mm512_set1_epi32(1)));
    __m512i rounded = _mm512_srli_epi32(_mm512_add_epi32(bits, increment), 16);
    __m512i quieted = _mm512_or_si512(high, _mm512_set1_epi32(0x0040));
    __mmask16 nan = _mm512_cmpgt_epu32_mask(_mm512_and_si512(bits, _mm512_set1_epi32(0x7FFFFFFF)),
                                            _mm512_set1_epi32(0x7F800000));
    return _mm512_mask_blend_epi32(nan, rounded, quieted);
}

AVX512 void ptosimd_bf16_narrow(const float *src, uint16_t *dst, long count, int tiesAway) {
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        __m512i bits = _mm512_loadu_si512(src + i);
        _mm256_storeu_si256((__m256i *)(dst + i), _mm512_cvtepi32_epi16(narrow16(bits, tiesAway)));
    }
    for (; i < count; i += 16) {
        __mmask16 live = lanes16(count - i);
        __m512i bits = _mm512_maskz_loadu_epi32(live, src + i);
        _mm512_mask_cvtepi32_storeu_epi16(dst + i, live, narrow16(bits, tiesAway));
    }
}

AVX512 void ptosimd_bf16_round_trip(float *values, long count, int tiesAway) {
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        __m512i bits = _mm512_loadu_si512(values + i);
        _mm512_storeu_si512(values + i, _mm512_slli_epi32(narrow16(bits, tiesAway), 16));
    }
    for (; i < count; i += 16) {
        __mmask16 live = lanes16(count - i);
        __m512i bits = _mm512_maskz_loadu_epi32(live, values + i);
        _mm512_mask_storeu_epi32(values + i, live, _mm512_slli_epi32(narrow16(bits, tiesAway), 16));
    }
}


// MARK: row reductions

// Column j of the 8 x 8 block whose row i starts at p + i * step, in out[j] (lane i = row i).
AVX512 static inline void transpose8(const float *p, long step, __m256 out[8]) {
    __m256 r0 = _mm256_loadu_ps(p), r1 = _mm256_loadu_ps(p + step), r2 = _mm256_loadu_ps(p + 2 * step);
    __m256 r3 = _mm256_loadu_ps(p + 3 * step), r4 = _mm256_loadu_ps(p + 4 * step);
    __m256 r5 = _mm256_loadu_ps(p + 5 * step), r6 = _mm256_loadu_ps(p + 6 * step);
    __m256 r7 = _mm256_loadu_ps(p + 7 * step);
    __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
    __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
    __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    __m256 s0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
    __m256 s1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 s2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
    __m256 s3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 s4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
    __m256 s5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 s6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
    __m256 s7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
    out[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
    out[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
    out[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
    out[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
    out[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
    out[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
    out[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
    out[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

// One step of the definition's left-to-right fold, in every lane: acc + x, or Swift.max(acc, x), which is
// (x >= acc ? x : acc) — an ordered compare, so a NaN x keeps acc and equal values (±0) take x.
AVX512 static inline __m256 fold8(__m256 acc, __m256 x, int isMax) {
    return isMax ? _mm256_blendv_ps(acc, x, _mm256_cmp_ps(x, acc, _CMP_GE_OQ)) : _mm256_add_ps(acc, x);
}

// TROWMAX of 8 rows (row i in lane i) of at least 8 columns, with short dependency chains. The sequential fold
// "x >= acc ? x : acc" from column 0 skips every NaN after column 0 and, among the largest values, keeps the latest
// (that is what makes +0 and -0 differ). So columns 1 ... cols-1 are cut into blocks of 8, each folded from -inf (a
// number, so a NaN of the block is skipped and the block's result is a number); on numbers the choice "latest of the
// largest" is associative, so blocks combined in column order, pairwise, give what one chain over them gives. Column
// 0 is folded in last, as the accumulator the result is compared against: a NaN there is kept, as sequentially, and
// when every later column is NaN the -inf left over loses to it or equals it bit for bit.
AVX512 static inline __m256 max_rows8(const float *p, long step, long cols, __m256i rowIndex) {
    const __m256 none = _mm256_set1_ps(-INFINITY);
    __m256 t[8], part[16];
    transpose8(p, step, t);
    __m256 first = t[0], block = none;
    for (int j = 1; j < 8; j++) block = fold8(block, t[j], 1);
    part[0] = block;
    int parts = 1;
    __m256 merged = none;  // columns 1 ..< (the first block in `part`)
    long c = 8;
    for (; c + 8 <= cols; c += 8) {
        transpose8(p + c, step, t);
        block = none;
        for (int j = 0; j < 8; j++) block = fold8(block, t[j], 1);
        part[parts++] = block;
        if (parts == 16) {
            for (int width = 16; width > 1; width /= 2) {
                for (int k = 0; k < width / 2; k++) part[k] = fold8(part[2 * k], part[2 * k + 1], 1);
            }
            merged = fold8(merged, part[0], 1);
            parts = 0;
        }
    }
    for (int k = 0; k < parts; k++) merged = fold8(merged, part[k], 1);
    for (; c < cols; c++) merged = fold8(merged, _mm256_i32gather_ps(p + c, rowIndex, 4), 1);
    return fold8(first, merged, 1);
}

// Folds `groups` (1 or 2) independent groups of 8 rows (group g starts at p + 8 g step) into acc[g]; two groups
// give two dependency chains to overlap, since each row's fold is one chain of dependent operations.
AVX512 static inline __attribute__((always_inline))
void reduce_groups(const float *p, long step, long cols, int groups, int isMax, __m256 acc[2]) {
    __m256i rowIndex = _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), _mm256_set1_epi32((int)step));
    if (isMax && cols >= 8) {
        for (int g = 0; g < groups; g++) acc[g] = max_rows8(p + 8 * g * step, step, cols, rowIndex);
        return;
    }
    long c = 0;
    if (cols >= 8) {
        for (int g = 0; g < groups; g++) {
            __m256 t[8];
            transpose8(p + 8 * g * step, step, t);
            acc[g] = t[0];
            for (int j = 1; j < 8; j++) acc[g] = fold8(acc[g], t[j], isMax);
        }
        c = 8;
        for (; c + 8 <= cols; c += 8) {
            __m256 t[2][8];
            for (int g = 0; g < groups; g++) transpose8(p + 8 * g * step + c, step, t[g]);
            for (int j = 0; j < 8; j++) {
                for (int g = 0; g < groups; g++) acc[g] = fold8(acc[g], t[g][j], isMax);
            }
        }
    } else {
        for (int g = 0; g < groups; g++) acc[g] = _mm256_i32gather_ps(p + 8 * g * step, rowIndex, 4);
        c = 1;
    }
    for (; c < cols; c++) {
        for (int g = 0; g < groups; g++) {
            acc[g] = fold8(acc[g], _mm256_i32gather_ps(p + 8 * g * step + c, rowIndex, 4), isMax);
        }
    }
}

AVX512 static inline void store_rows(__m256 acc, float *dst, long dstStep) {
    float lanes[8];
    _mm256_storeu_ps(lanes, acc);
    for (int i = 0; i < 8; i++) dst[i * dstStep] = lanes[i];
}

AVX512 long ptosimd_row_reduce_f32(const float *src, long rows, long cols, long step, float *dst, long dstStep,
                                   int isMax) {
    // Gather indices are 32-bit element offsets: leave unusual strides to the definition.
    if (cols < 1 || step < cols || step > (1L << 27)) return 0;
    long r = 0;
    __m256 acc[2];
    for (; r + 16 <= rows; r += 16) {
        if (isMax) reduce_groups(src + r * step, step, cols, 2, 1, acc);
        else reduce_groups(src + r * step, step, cols, 2, 0, acc);
        store_rows(acc[0], dst + r * dstStep, dstStep);
        store_rows(acc[1], dst + (r + 8) * dstStep, dstStep);
    }
    for (; r + 8 <= rows; r += 8) {
        if (isMax) reduce_groups(src + r * step, step, cols, 1, 1, acc);
        else reduce_groups(src + r * step, step, cols, 1, 0, acc);
        store_rows(acc[0], dst + r * dstStep, dstStep);
    }
    return r;
}

// MARK: seeded generator

// SplitMix64 at draws firstDraw ..< firstDraw + pairs of the Weyl sequence key + (index + 1)·γ, eight draws per
// vector (the 64-bit multiplies are AVX-512 DQ's), each draw giving two 24-bit uniforms (bits 40...63, then 16...39)
// that become low + width·u in fp32 and then bf16, nearest-even: CounterRNG.fillUniformBF16's pair loop.
AVX512 void ptosimd_uniform_bf16_pairs(uint64_t key, uint64_t firstDraw, long pairs, float low, float width,
                                       uint16_t *dst) {
    const __m512i gamma = _mm512_set1_epi64((long long)0x9E3779B97F4A7C15ULL);
    const __m512i mix1 = _mm512_set1_epi64((long long)0xBF58476D1CE4E5B9ULL);
    const __m512i mix2 = _mm512_set1_epi64((long long)0x94D049BB133111EBULL);
    const __m512i keys = _mm512_set1_epi64((long long)key);
    const __m512i low24 = _mm512_set1_epi64(0xFFFFFF);
    const __m512 unit = _mm512_set1_ps(0x1p-24f), lows = _mm512_set1_ps(low), widths = _mm512_set1_ps(width);
    // Index + 1 of the first vector's eight draws.
    __m512i next = _mm512_add_epi64(_mm512_set1_epi64((long long)(firstDraw + 1)), _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0));
    const __m512i eight = _mm512_set1_epi64(8);
    for (long p = 0; p < pairs; p += 8) {
        __m512i z = _mm512_add_epi64(keys, _mm512_mullo_epi64(next, gamma));
        next = _mm512_add_epi64(next, eight);
        z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 30)), mix1);
        z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 27)), mix2);
        z = _mm512_xor_si512(z, _mm512_srli_epi64(z, 31));
        // Draw j's two uniforms in 32-bit lanes 2j (bits 40...63) and 2j + 1 (bits 16...39): element order.
        __m512i both = _mm512_or_si512(_mm512_srli_epi64(z, 40),
                                       _mm512_slli_epi64(_mm512_and_si512(_mm512_srli_epi64(z, 16), low24), 32));
        __m512 u = _mm512_mul_ps(_mm512_cvtepi32_ps(both), unit);
        __m512 v = _mm512_add_ps(lows, _mm512_mul_ps(widths, u));
        __m512i bf = narrow16(_mm512_castps_si512(v), 0);
        long left = pairs - p;
        if (left >= 8) {
            _mm256_storeu_si256((__m256i *)(dst + 2 * p), _mm512_cvtepi32_epi16(bf));
        } else {
            _mm512_mask_cvtepi32_storeu_epi16(dst + 2 * p, (__mmask16)((1u << (2 * left)) - 1), bf);
        }
    }
}

#endif

// Not x86-64: no AVX-512, so the Swift definitions always run and nothing below is ever called.
#if !defined(__x86_64__)

#include <stdlib.h>

int ptosimd_avx512_available(void) { return 0; }
void ptosimd_exp_f32(const float *src, float *dst, long count, const uint64_t *table) {
    (void)src; (void)dst; (void)count; (void)table; abort();
}
void ptosimd_map_f32(const float *x, const float *y, float s, int op, long count, float *d) {
    (void)x; (void)y; (void)s; (void)op; (void)count; (void)d; abort();
}
void ptosimd_bf16_widen(const uint16_t *src, float *dst, long count) { (void)src; (void)dst; (void)count; abort(); }
void ptosimd_bf16_copy_widen(const uint16_t *src, uint16_t *copy, float *dst, long count) {
    (void)src; (void)copy; (void)dst; (void)count; abort();
}
void ptosimd_bf16_narrow(const float *src, uint16_t *dst, long count, int tiesAway) {
    (void)src; (void)dst; (void)count; (void)tiesAway; abort();
}
void ptosimd_bf16_round_trip(float *values, long count, int tiesAway) {
    (void)values; (void)count; (void)tiesAway; abort();
}
long ptosimd_row_reduce_f32(const float *src, long rows, long cols, long step, float *dst, long dstStep,
                            int isMax) {
    (void)src; (void)rows; (void)cols; (void)step; (void)dst; (void)dstStep; (void)isMax; abort();
}
void ptosimd_uniform_bf16_pairs(uint64_t key, uint64_t firstDraw, long pairs, float low, float width,
                                uint16_t *dst) {
    (void)key; (void)firstDraw; (void)pairs; (void)low; (void)width; (void)dst; abort();
}
#endif
