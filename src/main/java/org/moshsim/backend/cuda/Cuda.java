package org.moshsim.backend.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;

/**
 * What this machine offers the CUDA backend: the driver, the GPUs, the kernels in the jar and cuBLAS.
 * Probed once; every failure (no libcuda.so.1, no device, no kernels) becomes a reason in words, never an
 * exception, so that {@code --backend auto} can fall back to the CPU in one line.
 */
public final class Cuda {
    /** One GPU as the driver describes it. */
    public record Gpu(int index, String name, long memoryBytes, int major, int minor, int multiprocessors) {
        @Override
        public String toString() {
            return String.format("GPU %d: %s, %.1f GiB, compute capability %d.%d, %d multiprocessors", index, name,
                    memoryBytes / 0x1p30, major, minor, multiprocessors);
        }
    }

    /**
     * The probe's findings.
     *
     * @param reason why the CUDA backend is not usable, or null when it is
     * @param cuda the CUDA version the driver supports (e.g. "13.0"), or null without a driver
     * @param driver the NVIDIA kernel driver's version (e.g. "580.159.04"), when the system says it
     * @param cublas whether cuBLAS loads, and what it is used for, in words
     */
    public record Status(String reason, String cuda, String driver, List<Gpu> gpus, String kernels, String cublas) {
        public boolean usable() {
            return reason == null;
        }
    }

    private static Status status;

    private Cuda() {
    }

    /** The machine's CUDA status, probed on first use. */
    public static synchronized Status status() {
        if (status == null) {
            status = probe();
        }
        return status;
    }

    private static Status probe() {
        Fatbins fatbins = Fatbins.inJar();
        String kernelsText = fatbins == null ? "not in this jar (it was built without nvcc)"
                : "in the jar: " + String.join(", ", fatbins.families()) + " (" + fatbins.nvcc() + "; " + fatbins.targets() + ")";
        String driver = kernelDriverVersion();
        try {
            JCudaDriver.setExceptionsEnabled(true);
        } catch (Throwable e) {
            return new Status("no NVIDIA driver (" + nativeReason(e) + ")", null, driver, List.of(), kernelsText,
                    "not probed (no CUDA driver)");
        }
        String cuda = null;
        List<Gpu> gpus = new ArrayList<>();
        String reason = null;
        try {
            cuInit(0);
            int[] version = new int[1];
            cuDriverGetVersion(version);
            cuda = version[0] / 1000 + "." + (version[0] % 1000) / 10;
            int[] count = new int[1];
            cuDeviceGetCount(count);
            for (int i = 0; i < count[0]; i++) {
                gpus.add(describe(i));
            }
            if (gpus.isEmpty()) {
                reason = "the CUDA driver sees no GPU";
            }
        } catch (Throwable e) {
            reason = "the CUDA driver does not start: " + firstLine(e);
        }
        if (reason == null && fatbins == null) {
            reason = "this jar holds no CUDA kernels (it was built without nvcc)";
        }
        return new Status(reason, cuda, driver, List.copyOf(gpus), kernelsText, cublas());
    }

    private static Gpu describe(int index) {
        CUdevice device = new CUdevice();
        cuDeviceGet(device, index);
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, device);
        long[] memory = new long[1];
        cuDeviceTotalMem(memory, device);
        return new Gpu(index, cString(name), memory[0],
                attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT));
    }

    static int attribute(CUdevice device, int attribute) {
        int[] value = new int[1];
        cuDeviceGetAttribute(value, attribute, device);
        return value[0];
    }

    /**
     * Whether JCublas loads (it needs libcublas.so.12). No Backend operation uses cuBLAS: every one, the model
     * kernels' forward and backward passes included, sums in float64 in the CPU's order, which our kernels do.
     */
    private static String cublas() {
        try {
            JCublas2.setExceptionsEnabled(true);
            return "libcublas.so.12 loads; not in use: the current operations sum in float64, which our own kernels do";
        } catch (Throwable e) {
            return "not loadable (" + nativeReason(e) + "); our own kernels do all the work";
        }
    }

    /** The NVIDIA kernel module's version, from /proc/driver/nvidia/version, when it is there. */
    private static String kernelDriverVersion() {
        try {
            String text = Files.readString(Path.of("/proc/driver/nvidia/version"), StandardCharsets.UTF_8);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Kernel Module(?: for [^ ]+)?\\s+([0-9.]+)").matcher(text);
            return m.find() ? m.group(1) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String cString(byte[] bytes) {
        int length = 0;
        while (length < bytes.length && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }

    /** Why a JNI library did not load: the dynamic linker's words (e.g. "libcuda.so.1: cannot open ..."). */
    private static String nativeReason(Throwable e) {
        String message = String.valueOf(e.getMessage());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(lib[\\w.+-]+\\.so[\\w.]*: cannot open shared object file[^\\n]*)")
                .matcher(message);
        return m.find() ? m.group(1).trim() : firstLine(e);
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
