// A stand-in for the CUDA driver (libcuda.so.1) that runs cuda-kernels/*.cu compiled as C++ on the CPU, so that the
// GPU tests run where there is no GPU (gpu/emulate). Only what JCuda calls for the CUDA backend is here: one device,
// host memory as device memory, modules whose functions are looked up by name among the compiled kernels, and
// launches that run every block in turn and a block's threads as coroutines (ucontext), switching at __syncthreads.
//
// It checks the kernels' logic (indices, barriers, launch shapes, arguments, the arithmetic against the CPU's bits)
// but not a real GPU's: blocks run one after another (MOSHSIM_EMULATOR_ORDER=reverse runs them backwards, and
// threads between barriers backwards too, to catch work that depends on their order), memory is never racy, and
// exp, log and tanh are glibc's.
#include <ucontext.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "cuda_emulated.h"
#include "registry.h"

uint3 threadIdx, blockIdx, blockDim, gridDim;

namespace {
enum Result { SUCCESS = 0, INVALID_VALUE = 1, OUT_OF_MEMORY = 2, NOT_FOUND = 500, LAUNCH_FAILED = 719 };
enum State { READY, AT_BARRIER, DONE };

const size_t STACK = 256 * 1024;
const unsigned long long MEMORY = 16ULL << 30;

struct Thread {
    ucontext_t context;
    std::vector<char> stack;
    State state;
};

std::mutex launches;
ucontext_t scheduler;
std::vector<Thread> threads;
unsigned int current;
const Kernel* running;
void** arguments;
bool reverse;
std::vector<unsigned int> ballots;
unsigned long long allocated;
std::map<unsigned long long, size_t> sizes;

void entry() {
    running->invoke(arguments);
    threads[current].state = DONE;
    swapcontext(&threads[current].context, &scheduler);
}

// Runs the block's threads until each is done or waits at a barrier; then lets the waiting ones on, until all are done.
void runBlock(unsigned int count) {
    for (unsigned int t = 0; t < count; t++) {
        Thread& thread = threads[t];
        getcontext(&thread.context);
        thread.context.uc_stack.ss_sp = thread.stack.data();
        thread.context.uc_stack.ss_size = thread.stack.size();
        thread.context.uc_link = nullptr;
        makecontext(&thread.context, entry, 0);
        thread.state = READY;
    }
    for (;;) {
        bool waiting = false;
        for (unsigned int i = 0; i < count; i++) {
            unsigned int t = reverse ? count - 1 - i : i;
            if (threads[t].state == READY) {
                current = t;
                threadIdx = {t, 0, 0};
                swapcontext(&scheduler, &threads[t].context);
            }
            waiting |= threads[t].state == AT_BARRIER;
        }
        if (!waiting) {
            return;
        }
        for (unsigned int t = 0; t < count; t++) {
            if (threads[t].state == AT_BARRIER) {
                threads[t].state = READY;
            }
        }
    }
}
}  // namespace

void emulated_syncthreads() {
    threads[current].state = AT_BARRIER;
    swapcontext(&threads[current].context, &scheduler);
}

unsigned int emulated_ballot(bool predicate) {
    ballots[threadIdx.x] = predicate ? 1u : 0u;
    emulated_syncthreads();
    unsigned int ballot = 0;
    unsigned int first = threadIdx.x & ~31u;
    for (unsigned int lane = 0; lane < 32 && first + lane < blockDim.x; lane++) {
        ballot |= ballots[first + lane] << lane;
    }
    emulated_syncthreads();
    return ballot;
}

extern "C" {
typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
typedef void* CUcontext;
typedef void* CUmodule;
typedef void* CUstream;
typedef const Kernel* CUfunction;

static char device_handle;
static char module_handle;

CUresult cuInit(unsigned int) { return SUCCESS; }

CUresult cuDriverGetVersion(int* version) {
    *version = 13000;
    return SUCCESS;
}

CUresult cuDeviceGetCount(int* count) {
    *count = 1;
    return SUCCESS;
}

CUresult cuDeviceGet(CUdevice* device, int ordinal) {
    *device = 0;
    return ordinal == 0 ? SUCCESS : INVALID_VALUE;
}

CUresult cuDeviceGetName(char* name, int length, CUdevice) {
    std::snprintf(name, length, "moshsim CPU emulator (gpu/emulate)");
    return SUCCESS;
}

CUresult cuDeviceTotalMem_v2(size_t* bytes, CUdevice) {
    *bytes = MEMORY;
    return SUCCESS;
}

// Compute capability 9.0 with 2 multiprocessors: grid-stride launches stay small.
CUresult cuDeviceGetAttribute(int* value, int attribute, CUdevice) {
    switch (attribute) {
        case 16: *value = 2; break;   // CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT
        case 75: *value = 9; break;   // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR
        case 76: *value = 0; break;   // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR
        default: *value = 0;
    }
    return SUCCESS;
}

CUresult cuDevicePrimaryCtxRetain(CUcontext* context, CUdevice) {
    *context = &device_handle;
    return SUCCESS;
}

CUresult cuDevicePrimaryCtxRelease_v2(CUdevice) { return SUCCESS; }
CUresult cuCtxSetCurrent(CUcontext) { return SUCCESS; }

CUresult cuCtxGetCurrent(CUcontext* context) {
    *context = &device_handle;
    return SUCCESS;
}

CUresult cuCtxSynchronize() { return SUCCESS; }

CUresult cuModuleLoadData(CUmodule* module, const void*) {
    *module = &module_handle;
    return SUCCESS;
}

CUresult cuModuleUnload(CUmodule) { return SUCCESS; }

CUresult cuModuleGetFunction(CUfunction* function, CUmodule, const char* name) {
    const Kernel* kernel = Kernel::find(name);
    if (kernel == nullptr) {
        return NOT_FOUND;
    }
    *function = kernel;
    return SUCCESS;
}

CUresult cuMemGetInfo_v2(size_t* free, size_t* total) {
    *free = MEMORY - allocated;
    *total = MEMORY;
    return SUCCESS;
}

CUresult cuMemAlloc_v2(CUdeviceptr* pointer, size_t bytes) {
    void* memory = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
    if (memory == nullptr) {
        return OUT_OF_MEMORY;
    }
    *pointer = (CUdeviceptr) memory;
    sizes[*pointer] = bytes;
    allocated += bytes;
    return SUCCESS;
}

CUresult cuMemFree_v2(CUdeviceptr pointer) {
    allocated -= sizes[pointer];
    sizes.erase(pointer);
    std::free((void*) pointer);
    return SUCCESS;
}

CUresult cuMemcpyHtoD_v2(CUdeviceptr target, const void* source, size_t bytes) {
    std::memcpy((void*) target, source, bytes);
    return SUCCESS;
}

CUresult cuMemcpyDtoH_v2(void* target, CUdeviceptr source, size_t bytes) {
    std::memcpy(target, (const void*) source, bytes);
    return SUCCESS;
}

CUresult cuMemsetD8_v2(CUdeviceptr target, unsigned char value, size_t count) {
    std::memset((void*) target, value, count);
    return SUCCESS;
}

CUresult cuMemsetD32_v2(CUdeviceptr target, unsigned int value, size_t count) {
    unsigned int* words = (unsigned int*) target;
    for (size_t i = 0; i < count; i++) {
        words[i] = value;
    }
    return SUCCESS;
}

CUresult cuLaunchKernel(CUfunction function, unsigned int gridX, unsigned int gridY, unsigned int gridZ, unsigned int blockX,
                        unsigned int blockY, unsigned int blockZ, unsigned int, CUstream, void** parameters, void**) {
    if (gridX == 0 || gridY == 0 || gridZ != 1 || blockX == 0 || blockX > 1024 || blockY != 1 || blockZ != 1 || gridY > 65535) {
        std::fprintf(stderr, "emulator: %s launched with grid (%u, %u, %u) and block (%u, %u, %u)\n", function->name, gridX,
                     gridY, gridZ, blockX, blockY, blockZ);
        return LAUNCH_FAILED;
    }
    std::lock_guard<std::mutex> lock(launches);
    const char* order = std::getenv("MOSHSIM_EMULATOR_ORDER");
    reverse = order != nullptr && std::strcmp(order, "reverse") == 0;
    if (threads.size() < blockX) {
        threads.resize(blockX);
        for (Thread& thread : threads) {
            thread.stack.resize(STACK);
        }
    }
    ballots.assign(blockX, 0u);
    running = function;
    arguments = parameters;
    gridDim = {gridX, gridY, 1};
    blockDim = {blockX, 1, 1};
    for (unsigned int i = 0; i < gridX * gridY; i++) {
        unsigned int b = reverse ? gridX * gridY - 1 - i : i;
        blockIdx = {b % gridX, b / gridX, 0};
        runBlock(blockX);
    }
    return SUCCESS;
}

CUresult cuGetErrorName(CUresult error, const char** name) {
    *name = error == SUCCESS ? "CUDA_SUCCESS" : error == NOT_FOUND ? "CUDA_ERROR_NOT_FOUND"
            : error == LAUNCH_FAILED ? "CUDA_ERROR_LAUNCH_FAILED" : "CUDA_ERROR_INVALID_VALUE";
    return SUCCESS;
}

CUresult cuGetErrorString(CUresult error, const char** text) {
    return cuGetErrorName(error, text);
}
}
