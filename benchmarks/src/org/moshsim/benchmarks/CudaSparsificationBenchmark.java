package org.moshsim.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.moshsim.backend.cuda.Cuda;
import org.moshsim.backend.cuda.CudaSparsification;
import org.moshsim.compress.ArcTopK;
import org.moshsim.compress.CollectiveCompressor;
import org.moshsim.compress.RandK;
import org.moshsim.compress.TopK;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * One call of each sparsifier on all N peers' rows, on the GPU (CudaSparsification: upload, kernels, download) next
 * to the CPU compressor it reproduces bit for bit (one thread, as EF21M calls it). Top-K and Rand-K keep 1% of D;
 * ARC-Top-K reads a row as 512 x ceil(D / 512), sketches with rank 16 and keeps 5 of the 512 rows (1%).
 * {@link #main} prints the median milliseconds per call and the CPU's time over the GPU's; needs a GPU.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx16g"})
public class CudaSparsificationBenchmark {
    @Param({"64x16384", "1024x16384", "16x1048576"})
    public String shape;

    @Param({"top-k", "rand-k", "arc-top-k"})
    public String compressor;

    @Param({"cpu", "gpu"})
    public String device;

    private CudaSparsification sparsification;
    private CollectiveCompressor compress;
    private float[][] xs;
    private float[][] outs;
    private int round;

    @Setup(Level.Trial)
    public void setUp() {
        String[] nd = shape.split("x");
        int peers = Integer.parseInt(nd[0]);
        int dim = Integer.parseInt(nd[1]);
        int k = Math.max(1, dim / 100);
        xs = new float[peers][dim];
        outs = new float[peers][dim];
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (float[] x : xs) {
            for (int d = 0; d < dim; d++) {
                x[d] = (float) random.nextGaussian();
            }
        }
        boolean gpu = device.equals("gpu");
        if (gpu) {
            if (!Cuda.status().usable()) {
                throw new IllegalStateException("no usable GPU: " + Cuda.status().reason());
            }
            sparsification = CudaSparsification.open();
        }
        compress = switch (compressor) {
            case "top-k" -> gpu ? sparsification.topK(new TopK(k)) : CollectiveCompressor.perPeer(new TopK(k));
            case "rand-k" -> gpu ? sparsification.randK(new RandK(k, 3, true)) : CollectiveCompressor.perPeer(new RandK(k, 3, true));
            default -> gpu ? sparsification.arcTopK(new ArcTopK(512, 16, 5, 3)) : new ArcTopK(512, 16, 5, 3);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (sparsification != null) {
            sparsification.close();
        }
    }

    /** A new round each call: Rand-K's indices and ARC-Top-K's sketch are drawn anew, as in training. */
    @Benchmark
    public float[][] compress() {
        compress.compress(xs, outs, round++);
        return outs;
    }

    /** Runs the benchmark (JMH options may follow) and prints ms per call; with -o FILE also writes them as CSV. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
        List<String> jmhArgs = new ArrayList<>();
        Path csv = GbPerSecond.csvOption(args, jmhArgs);
        Map<String, double[]> millis = new TreeMap<>();
        for (RunResult result : new Runner(new OptionsBuilder().parent(new CommandLineOptions(jmhArgs.toArray(String[]::new)))
                .include(CudaSparsificationBenchmark.class.getSimpleName()).build()).run()) {
            String key = result.getParams().getParam("shape") + "," + result.getParams().getParam("compressor");
            double[] row = millis.computeIfAbsent(key, k -> new double[] {Double.NaN, Double.NaN});
            // The median iteration: the machines are shared, and a slow iteration should not move it.
            row[result.getParams().getParam("device").equals("cpu") ? 0 : 1] = result.getPrimaryResult().getStatistics().getPercentile(50);
        }
        StringBuilder out = new StringBuilder("shape,compressor,cpu_ms,gpu_ms,speedup\n");
        millis.forEach((key, ms) -> out.append(String.format(Locale.ROOT, "%s,%.4f,%.4f,%.2f%n", key, ms[0], ms[1], ms[0] / ms[1])));
        System.out.println();
        System.out.print(out);
        GbPerSecond.write(csv, out.toString());
    }
}
