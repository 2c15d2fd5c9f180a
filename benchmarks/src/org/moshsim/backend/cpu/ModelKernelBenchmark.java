package org.moshsim.backend.cpu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.moshsim.backend.Task;
import org.moshsim.benchmarks.GbPerSecond;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * One SGD step's loss and gradient ({@link ModelKernels#lossAndGradient}) of the training proxies on digits'
 * shapes (64 features, 10 classes, the MLP with 32 hidden units; random data in the same ranges), for a batch,
 * in GFLOP/s of its matrix products: 4 B F C for logistic regression (forward and gradient), 2 B (2 F H + 3 H C)
 * for the MLP (two layers forward, two weight gradients and the hidden gradient). The same kernels in four JVMs:
 * the Vector API (as ./moshsim runs them), the scalar loops (a JVM without jdk.incubator.vector), and both under
 * C1 only (-XX:TieredStopAtLevel=1). benchmarks/yardstick/compare puts numpy's BLAS on the same shapes next to it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ModelKernelBenchmark {
    private static final int FEATURES = 64;
    private static final int CLASSES = 10;
    private static final int HIDDEN = 32;
    private static final int TRAIN = 1437;

    @Param({"logistic", "mlp"})
    public String model;

    @Param({"32", "128"})
    public int batch;

    private Task task;
    private double[] params;
    private double[] gradient;
    private int[] examples;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        float[] xs = new float[TRAIN * FEATURES];
        float[] ys = new float[TRAIN];
        for (int k = 0; k < xs.length; k++) {
            xs[k] = random.nextInt(17) / 16f;
        }
        for (int i = 0; i < ys.length; i++) {
            ys[i] = random.nextInt(CLASSES);
        }
        Task.Model kind = model.equals("mlp") ? Task.Model.MLP : Task.Model.LOGISTIC;
        task = new Task(kind, FEATURES, HIDDEN, CLASSES, 1e-4, xs, ys, new float[0], new float[0]);
        params = random.doubles(task.dim(), -0.1, 0.1).toArray();
        gradient = new double[task.dim()];
        examples = random.ints(batch, 0, TRAIN).toArray();
    }

    /** Matrix-product flops of one step, the convention numpy's side counts too. */
    static double flops(String model, int batch) {
        return model.equals("mlp") ? 2.0 * batch * (2 * FEATURES * HIDDEN + 3 * HIDDEN * CLASSES)
                : 4.0 * batch * FEATURES * CLASSES;
    }

    private double step() {
        return ModelKernels.lossAndGradient(task, params, examples, 0, batch, gradient);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
    public double vector() {
        return step();
    }

    @Benchmark
    @Fork(value = 1)
    public double scalar() {
        return step();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1"})
    public double vectorC1() {
        return step();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-XX:TieredStopAtLevel=1"})
    public double scalarC1() {
        return step();
    }

    /** Runs every variant (JMH options may follow) and prints GFLOP/s per shape; {@code -o FILE} writes the CSV. */
    public static void main(String[] args) throws Exception {
        List<String> jmhArgs = new ArrayList<>();
        Path csv = GbPerSecond.csvOption(args, jmhArgs);
        List<String> variants = List.of("vector", "scalar", "vectorC1", "scalarC1");
        TreeMap<String, double[]> table = new TreeMap<>();
        for (RunResult result : new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(jmhArgs.toArray(String[]::new)))
                .include(ModelKernelBenchmark.class.getSimpleName()).build()).run()) {
            String model = result.getParams().getParam("model");
            int batch = Integer.parseInt(result.getParams().getParam("batch"));
            String benchmark = result.getParams().getBenchmark();
            int variant = variants.indexOf(benchmark.substring(benchmark.lastIndexOf('.') + 1));
            // The median iteration: the machines we run on are shared.
            double stepsPerSecond = result.getPrimaryResult().getStatistics().getPercentile(50);
            double[] row = table.computeIfAbsent(model + "," + batch, k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN});
            row[variant] = stepsPerSecond * flops(model, batch) / 1e9;
        }
        StringBuilder out = new StringBuilder("model,batch,flops_per_step,vector_gflop_s,scalar_gflop_s,vector_c1_gflop_s,"
                + "scalar_c1_gflop_s\n");
        table.forEach((shape, r) -> {
            String[] mb = shape.split(",");
            out.append(String.format(Locale.ROOT, "%s,%.0f,%.3f,%.3f,%.3f,%.3f%n", shape, flops(mb[0], Integer.parseInt(mb[1])),
                    r[0], r[1], r[2], r[3]));
        });
        System.out.println();
        System.out.println("GFLOP/s of one step's matrix products, median iteration:");
        System.out.print(out);
        GbPerSecond.write(csv, out.toString());
    }
}
