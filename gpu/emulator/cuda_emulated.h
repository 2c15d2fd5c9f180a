// What cuda-kernels/*.cu need from CUDA, for compiling them as C++ on the CPU (gpu/emulate). A block's threads run
// as coroutines of one OS thread (libcuda.cpp schedules them): __syncthreads() yields until every thread of the block
// has reached it, so __shared__ variables can be plain statics. Arithmetic is IEEE on x86-64 (SSE2, no contraction:
// built with -ffp-contract=off), as the kernels are with --fmad=false; exp, log and tanh are glibc's, not CUDA's.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __shared__ static
#define __restrict__

struct uint2 { unsigned int x, y; };
struct uint3 { unsigned int x, y, z; };
struct uint4 { unsigned int x, y, z, w; };
struct alignas(16) float4 { float x, y, z, w; };

inline uint2 make_uint2(unsigned int x, unsigned int y) { return {x, y}; }
inline uint4 make_uint4(unsigned int x, unsigned int y, unsigned int z, unsigned int w) { return {x, y, z, w}; }
inline float4 make_float4(float x, float y, float z, float w) { return {x, y, z, w}; }

// The launch's coordinates, set by the scheduler before it resumes a thread.
extern uint3 threadIdx, blockIdx, blockDim, gridDim;

void emulated_syncthreads();
unsigned int emulated_ballot(bool predicate);

inline void __syncthreads() { emulated_syncthreads(); }
// All of a block's threads call it together (as the kernels do): it meets them at two barriers.
inline unsigned int __ballot_sync(unsigned int, bool predicate) { return emulated_ballot(predicate); }
inline int __popc(unsigned int x) { return __builtin_popcount(x); }
inline unsigned int atomicAdd(unsigned int* address, unsigned int value) { unsigned int old = *address; *address += value; return old; }
inline unsigned int __umulhi(unsigned int a, unsigned int b) { return (unsigned int) (((unsigned long long) a * b) >> 32); }

inline int min(int a, int b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }
inline long long min(long long a, long long b) { return a < b ? a : b; }
inline long long max(long long a, long long b) { return a > b ? a : b; }

template <typename To, typename From> inline To emulated_bits(From from) { To to; std::memcpy(&to, &from, sizeof to); return to; }
inline float __int_as_float(int x) { return emulated_bits<float>(x); }
inline int __float_as_int(float x) { return emulated_bits<int>(x); }
inline unsigned int __float_as_uint(float x) { return emulated_bits<unsigned int>(x); }
inline float __uint_as_float(unsigned int x) { return emulated_bits<float>(x); }
inline long long __double_as_longlong(double x) { return emulated_bits<long long>(x); }
inline double __longlong_as_double(long long x) { return emulated_bits<double>(x); }

inline float __fdiv_rn(float a, float b) { return a / b; }
inline double __dadd_rn(double a, double b) { return a + b; }
inline double __dsub_rn(double a, double b) { return a - b; }
inline double __dmul_rn(double a, double b) { return a * b; }
inline double __ddiv_rn(double a, double b) { return a / b; }

// cuda_fp16.h's round trip through binary16, round to nearest even (GCC's _Float16 converts exactly so).
typedef _Float16 __half;
inline __half __float2half_rn(float x) { return (__half) x; }
inline float __half2float(__half h) { return (float) h; }

using std::copysign;
using std::exp;
using std::fabs;
using std::fmax;
using std::fmin;
using std::isnan;
using std::log;
using std::rint;
using std::signbit;
using std::sqrt;
using std::tanh;
inline float fabsf(float x) { return std::fabs(x); }
