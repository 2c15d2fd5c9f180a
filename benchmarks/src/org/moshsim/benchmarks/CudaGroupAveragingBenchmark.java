package org.moshsim.benchmarks;

import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import jcuda.driver.CUdeviceptr;
import org.moshsim.backend.cuda.Cuda;
import org.moshsim.backend.cuda.CudaBackend;
import org.moshsim.plan.GroupAveraging;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;

/**
 * One round of group averaging (groups of 32) on the CUDA backend, next to a device-to-device copy of the same
 * bytes, from 1,024 x 1,024 up to shapes that fill an H200 (a shape that does not fit fails alone; the rest
 * run). Each operation ends with a synchronisation, so the time is the GPU's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class CudaGroupAveragingBenchmark {
    /** N x D; the last two need 64 and 128 GiB for the copy's two buffers. */
    @State(Scope.Benchmark)
    public static class Shape {
        @Param({"1024x1024", "1024x65536", "8192x65536", "8192x262144", "8192x1048576", "16384x1048576"})
        public String shape;

        int peers() {
            return Integer.parseInt(shape.split("x")[0]);
        }

        int dim() {
            return Integer.parseInt(shape.split("x")[1]);
        }
    }

    @State(Scope.Benchmark)
    public static class Averaging {
        CudaBackend backend;
        GroupAveraging plan;

        @Setup(Level.Trial)
        public void setUp(Shape shape) {
            if (!Cuda.status().usable()) {
                throw new IllegalStateException("no usable GPU: " + Cuda.status().reason());
            }
            backend = CudaBackend.open();
            backend.allocate(shape.peers(), shape.dim());
            backend.fillUniform(1, -1, 1);
            plan = GroupAveragingBenchmark.shuffledGroups(shape.peers());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            backend.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Copy {
        CudaBackend context;
        CUdeviceptr source = new CUdeviceptr();
        CUdeviceptr target = new CUdeviceptr();
        long bytes;

        @Setup(Level.Trial)
        public void setUp(Shape shape) {
            context = CudaBackend.open(); // the GPU's context, current on this thread
            bytes = 4L * shape.peers() * shape.dim();
            cuMemAlloc(source, bytes);
            cuMemAlloc(target, bytes);
            cuMemsetD32(source, Float.floatToIntBits(1f), bytes / 4);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            cuMemFree(source);
            cuMemFree(target);
            context.close();
        }
    }

    @Benchmark
    public void groupAveraging(Averaging state) {
        state.backend.apply(state.plan);
        cuCtxSynchronize();
    }

    @Benchmark
    public void deviceCopy(Copy state) {
        cuMemcpyDtoD(state.target, state.source, state.bytes);
        cuCtxSynchronize();
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
        GbPerSecond.run(CudaGroupAveragingBenchmark.class, "device_copy", args);
    }
}
