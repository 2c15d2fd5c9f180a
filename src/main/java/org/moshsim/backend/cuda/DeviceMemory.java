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
 * One plain device allocation of one element type that grows on demand (never managed memory). The element type
 * is what a kernel's pointer parameter must point to ({@link Kernel.Parameter}), checked at every launch. Before
 * allocating it checks the device's free memory, so that too large a run ends with a clear message instead of an
 * out-of-memory error.
 */
final class DeviceMemory implements AutoCloseable {
    /** What a device array holds, with its size in bytes and its C name. */
    enum Element {
        FLOAT(4, "float"), DOUBLE(8, "double"), INT(4, "int"), LONG(8, "long long"), BYTE(1, "char");

        final int bytes;
        final String c;

        Element(int bytes, String c) {
            this.bytes = bytes;
            this.c = c;
        }
    }

    private final String what;
    private final Element element;
    private CUdeviceptr pointer;
    private long capacity;

    DeviceMemory(String what, Element element) {
        this.what = what;
        this.element = element;
    }

    /** The allocation, holding at least {@code count} elements (its old content is lost when it grows). */
    CUdeviceptr ensure(long count) {
        long bytes = count * element.bytes;
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

    /** This allocation, grown if needed, holding a copy of {@code host}. */
    DeviceMemory upload(int[] host) {
        return upload(Element.INT, Pointer.to(host), host.length);
    }

    /** This allocation, grown if needed, holding a copy of {@code host}. */
    DeviceMemory upload(float[] host) {
        return upload(Element.FLOAT, Pointer.to(host), host.length);
    }

    /** This allocation, grown if needed, holding a copy of {@code host}. */
    DeviceMemory upload(long[] host) {
        return upload(Element.LONG, Pointer.to(host), host.length);
    }

    /** This allocation, grown if needed, holding a copy of {@code host}. */
    DeviceMemory upload(double[] host) {
        return upload(Element.DOUBLE, Pointer.to(host), host.length);
    }

    private DeviceMemory upload(Element type, Pointer host, int count) {
        if (type != element) {
            throw new IllegalArgumentException("the " + what + " holds " + element.c + ", not " + type.c);
        }
        CUdeviceptr target = ensure(count);
        if (count > 0) {
            cuMemcpyHtoD(target, host, (long) count * element.bytes);
        }
        return this;
    }

    CUdeviceptr pointer() {
        return pointer;
    }

    Element element() {
        return element;
    }

    String what() {
        return what;
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
