package org.moshsim.backend.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD8;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import org.moshsim.BadInput;

/**
 * One plain device allocation that grows on demand (never managed memory). Before allocating it checks the
 * device's free memory, so that too large a run ends with a clear message instead of an out-of-memory error.
 */
final class DeviceMemory implements AutoCloseable {
    private final String what;
    private CUdeviceptr pointer;
    private long capacity;

    DeviceMemory(String what) {
        this.what = what;
    }

    /** The allocation, holding at least {@code bytes} (its old content is lost when it grows). */
    CUdeviceptr ensure(long bytes) {
        if (pointer != null && capacity >= bytes) {
            return pointer;
        }
        close();
        long size = Math.max(bytes, 8);
        long[] free = new long[1];
        long[] total = new long[1];
        cuMemGetInfo(free, total);
        if (size > free[0]) {
            throw new BadInput(String.format("the %s needs %.2f GiB of GPU memory, but only %.2f GiB of %.2f GiB are free; "
                    + "lower dim or peers", what, size / 0x1p30, free[0] / 0x1p30, total[0] / 0x1p30));
        }
        pointer = new CUdeviceptr();
        cuMemAlloc(pointer, size);
        capacity = size;
        return pointer;
    }

    /** The allocation, grown if needed, holding a copy of {@code host}. */
    CUdeviceptr upload(int[] host) {
        return upload(Pointer.to(host), 4L * host.length);
    }

    /** The allocation, grown if needed, holding a copy of {@code host}. */
    CUdeviceptr upload(float[] host) {
        return upload(Pointer.to(host), 4L * host.length);
    }

    /** The allocation, grown if needed, holding a copy of {@code host}. */
    CUdeviceptr upload(long[] host) {
        return upload(Pointer.to(host), 8L * host.length);
    }

    /** The allocation, grown if needed, holding a copy of {@code host}. */
    CUdeviceptr upload(double[] host) {
        return upload(Pointer.to(host), 8L * host.length);
    }

    private CUdeviceptr upload(Pointer host, long bytes) {
        CUdeviceptr target = ensure(bytes);
        if (bytes > 0) {
            cuMemcpyHtoD(target, host, bytes);
        }
        return target;
    }

    CUdeviceptr pointer() {
        return pointer;
    }

    /** Fills the allocation with 0xFF bytes: NaN as float and as double. */
    void poison() {
        if (pointer != null) {
            cuMemsetD8(pointer, (byte) 0xFF, capacity);
        }
    }

    @Override
    public void close() {
        if (pointer != null) {
            cuMemFree(pointer);
            pointer = null;
            capacity = 0;
        }
    }
}
