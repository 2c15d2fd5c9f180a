// The codecs' arithmetic that several kernel families share (compress.cu, gradients.cu): the Java codecs' operations
// one for one, float32 where they use float and float64 where they use double (built with --fmad=false: no fused
// multiply-adds; IEEE division and no flush to zero, nvcc's defaults), so both backends get the same bits.
#pragma once

// Java's Math.min and Math.max on finite floats: -0 counts as below +0.
__device__ __forceinline__ float java_min(float a, float b) {
    return a < b ? a : b < a ? b : (signbit(a) ? a : b);
}

__device__ __forceinline__ float java_max(float a, float b) {
    return a > b ? a : b > a ? b : (signbit(a) ? b : a);
}

// compress/GroupQuantizer.roundTrip of one group, x[start .. end - 1] into out[start .. end - 1]: min and max;
// scale = (float) (((double) max - min) / levels); code = rint(((double) x - min) / scale) clamped to [0, levels];
// decoded = (float) ((double) min + code * (double) scale).
__device__ __forceinline__ void group_round_trip(const float* x, float* out, int start, int end, int levels) {
    float lo = __int_as_float(0x7f800000);
    float hi = -lo;
    for (int j = start; j < end; j++) {
        lo = java_min(lo, x[j]);
        hi = java_max(hi, x[j]);
    }
    const float scale = (float) __ddiv_rn(__dsub_rn((double) hi, (double) lo), (double) levels);
    for (int j = start; j < end; j++) {
        int code = 0;
        if (scale != 0.0f) {
            const double q = rint(__ddiv_rn(__dsub_rn((double) x[j], (double) lo), (double) scale));
            code = (int) fmin((double) levels, fmax(0.0, q));
        }
        out[j] = (float) __dadd_rn((double) lo, __dmul_rn((double) code, (double) scale));
    }
}
