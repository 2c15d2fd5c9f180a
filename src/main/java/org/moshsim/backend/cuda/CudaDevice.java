package org.moshsim.backend.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import org.moshsim.BadInput;

/**
 * The first GPU's primary context with every kernel module of the jar loaded from its bytes. One per process,
 * held until the JVM exits (the primary context is the driver's, shared with anything else in the process).
 */
final class CudaDevice {
    /** Which family (fatbin) holds each kernel. */
    private static final Map<String, List<String>> KERNELS = Map.of(
            "compress", List.of("round_trip_float16", "round_trip_blockwise8", "round_trip_group"),
            "fill", List.of("fill_normal", "fill_uniform", "fill_ones", "fill_rows"),
            "group_average", List.of("group_average", "group_average4"),
            "lossy", List.of("lossy_group_average", "lossy_group_commit", "lossy_mix_rows"),
            "mixing", List.of("mix_rows", "scatter_rows"),
            "reduce", List.of("column_means", "mse_partials", "sum_partials"),
            "sparsify", List.of("top_k_rows", "scatter_kept", "arc_sketches", "sum_sketches", "keep_rows"),
            "training", List.of("local_steps", "evaluate_partials"));

    private static CudaDevice shared;

    private final CUcontext context = new CUcontext();
    private final Map<String, CUfunction> functions = new HashMap<>();
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
        for (Map.Entry<String, List<String>> family : KERNELS.entrySet()) {
            CUmodule module = new CUmodule();
            cuModuleLoadData(module, fatbins.fatbin(family.getKey()));
            for (String name : family.getValue()) {
                CUfunction function = new CUfunction();
                cuModuleGetFunction(function, module, name);
                functions.put(name, function);
            }
        }
        multiprocessors = Cuda.attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        Cuda.Gpu gpu = status.gpus().get(0);
        description = gpu.name() + " (CUDA " + status.cuda() + (status.driver() == null ? "" : ", driver " + status.driver()) + ")";
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

    CUfunction function(String name) {
        CUfunction function = functions.get(name);
        if (function == null) {
            throw new IllegalArgumentException("no kernel " + name);
        }
        return function;
    }

    /** Launches a kernel on the current context; arguments are device pointers, int, long or double, in the kernel's order. */
    void launch(String kernel, int gridX, int gridY, int blockX, Object... arguments) {
        Pointer[] parameters = new Pointer[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            Object argument = arguments[i];
            if (argument instanceof CUdeviceptr pointer) {
                parameters[i] = Pointer.to(pointer);
            } else if (argument instanceof Integer value) {
                parameters[i] = Pointer.to(new int[] {value});
            } else if (argument instanceof Long value) {
                parameters[i] = Pointer.to(new long[] {value});
            } else if (argument instanceof Double value) {
                parameters[i] = Pointer.to(new double[] {value});
            } else {
                throw new IllegalArgumentException("kernel argument of type " + argument.getClass());
            }
        }
        cuLaunchKernel(function(kernel), gridX, gridY, 1, blockX, 1, 1, 0, null, Pointer.to(parameters), null);
    }

    int multiprocessors() {
        return multiprocessors;
    }

    String description() {
        return description;
    }
}
