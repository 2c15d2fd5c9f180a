package org.moshsim.backend.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import org.moshsim.BadInput;

/**
 * The first GPU's primary context with every family of {@link Kernel} loaded from the jar's fatbins and every kernel
 * looked up, so that a kernel missing from the jar fails the first use of the backend, naming it. One per process,
 * held until the JVM exits (the primary context is the driver's, shared with anything else in the process).
 */
final class CudaDevice {
    /** Threads per block of most launches (and REDUCE_THREADS, SPARSIFY_THREADS of the kernels). */
    static final int THREADS = 256;

    private static CudaDevice shared;

    private final CUcontext context = new CUcontext();
    private final Map<Kernel, CUfunction> functions = new EnumMap<>(Kernel.class);
    private final int multiprocessors;
    private final String description;

    private CudaDevice() {
        Cuda.Status status = Cuda.status();
        if (!status.usable()) {
            throw new BadInput("--backend cuda: CUDA is not usable here: " + status.reason());
        }
        CUdevice device = new CUdevice();
        cuDeviceGet(device, 0);
        cuDevicePrimaryCtxRetain(context, device);
        cuCtxSetCurrent(context);
        Fatbins fatbins = Fatbins.inJar();
        Map<String, CUmodule> modules = new HashMap<>();
        for (Kernel kernel : Kernel.values()) {
            functions.put(kernel, lookUp(kernel, modules.computeIfAbsent(kernel.family(), family -> load(fatbins, family))));
        }
        multiprocessors = Cuda.attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        Cuda.Gpu gpu = status.gpus().get(0);
        description = gpu.name() + " (CUDA " + status.cuda() + (status.driver() == null ? "" : ", driver " + status.driver()) + ")";
    }

    private static CUmodule load(Fatbins fatbins, String family) {
        if (!fatbins.families().contains(family)) {
            throw new IllegalStateException("the CUDA kernels of cuda-kernels/" + family + ".cu are not in this jar (it holds "
                    + String.join(", ", fatbins.families()) + "); rebuild it with nvcc on the PATH");
        }
        CUmodule module = new CUmodule();
        try {
            cuModuleLoadData(module, fatbins.fatbin(family));
        } catch (CudaException e) {
            throw new IllegalStateException("the jar's " + family + ".fatbin does not load on this GPU (" + e.getMessage()
                    + "); it holds " + fatbins.targets());
        }
        return module;
    }

    private static CUfunction lookUp(Kernel kernel, CUmodule module) {
        CUfunction function = new CUfunction();
        try {
            cuModuleGetFunction(function, module, kernel.symbol());
        } catch (CudaException e) {
            throw new IllegalStateException("CUDA kernel " + kernel + " is not in the jar's " + kernel.family()
                    + ".fatbin (" + e.getMessage() + "); Kernel." + kernel.name() + " and the .cu file disagree");
        }
        return function;
    }

    static synchronized CudaDevice shared() {
        if (shared == null) {
            shared = new CudaDevice();
        }
        return shared;
    }

    CUcontext context() {
        return context;
    }

    /**
     * Launches a kernel on the current context, with one block of {@code blockX} threads per cell of a gridX x gridY
     * grid, after checking the arguments against the kernel's parameters: device memory of each pointer's element
     * type, or the boxed scalars (Integer for int, Long for long long, Float, Double).
     */
    void launch(Kernel kernel, int gridX, int gridY, int blockX, Object... arguments) {
        kernel.check(arguments);
        Pointer[] parameters = new Pointer[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            parameters[i] = pass(kernel, i, arguments[i]);
        }
        cuLaunchKernel(functions.get(kernel), gridX, gridY, 1, blockX, 1, 1, 0, null, Pointer.to(parameters), null);
    }

    /** Argument {@code index} as cuLaunchKernel takes it: a pointer to the device pointer or to the scalar. */
    private static Pointer pass(Kernel kernel, int index, Object argument) {
        if (argument instanceof DeviceMemory memory) {
            if (memory.pointer() == null) {
                throw new IllegalStateException("kernel " + kernel + ": argument " + (index + 1) + ", the " + memory.what()
                        + ", is not allocated");
            }
            return Pointer.to(memory.pointer());
        } else if (argument instanceof Integer value) {
            return Pointer.to(new int[] {value});
        } else if (argument instanceof Long value) {
            return Pointer.to(new long[] {value});
        } else if (argument instanceof Float value) {
            return Pointer.to(new float[] {value});
        }
        return Pointer.to(new double[] {(Double) argument}); // Kernel.check admits nothing else
    }

    int multiprocessors() {
        return multiprocessors;
    }

    /** Blocks of {@link #THREADS} for a grid-stride loop over {@code work} items: enough to fill the device, no more. */
    int grid(long work) {
        return (int) Math.max(1, Math.min((work + THREADS - 1) / THREADS, 32L * multiprocessors));
    }

    /** Threads per block for rows of {@code columns}: whole warps, at most {@link #THREADS}. */
    static int threadsFor(int columns) {
        return Math.min(THREADS, (columns + 31) / 32 * 32);
    }

    /** Column tiles per row (grid's y), within the launch limit; the kernels stride over the rest. */
    static int columnTiles(int columns) {
        int threads = threadsFor(columns);
        return Math.min(65_535, (columns + threads - 1) / threads);
    }

    String description() {
        return description;
    }
}
