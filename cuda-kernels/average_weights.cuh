// The push-sum weights of one group's members become their mean, summed in member order as on the CPU.
#pragma once

__device__ __forceinline__ void average_weights(double* weights, const int* members, int first, int last) {
    double sum = 0.0;
    for (int k = first; k < last; k++) {
        sum = sum + weights[members[k]];
    }
    const double mean = sum / (last - first);
    for (int k = first; k < last; k++) {
        weights[members[k]] = mean;
    }
}
