package org.moshsim.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.moshsim.backend.cpu.CpuBackend;
import org.moshsim.compress.Blockwise8Bit;
import org.moshsim.compress.Codec;
import org.moshsim.compress.Float16;
import org.moshsim.compress.GroupQuantizer;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What a codec costs the CPU backend: one round of group averaging in groups of 32 with every row sent through
 * the codec (encode and decode, then the mean of the decoded rows), against the same round without one, in the
 * same run. {@link #main} prints GB/s of the peer matrix (8 N D bytes per round) and the ratio to the exact round.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class CodecAveragingBenchmark {
    @Param({"4096x1024", "4096x65536"})
    public String shape;

    @Param({"none", "float16", "blockwise-int8", "int8", "int4"})
    public String codec;

    private ForkJoinPool pool;
    private CpuBackend backend;
    private GroupAveraging plan;

    static Codec codec(String name) {
        return switch (name) {
            case "none" -> null;
            case "float16" -> new Float16();
            case "blockwise-int8" -> new Blockwise8Bit(64);
            case "int8" -> new GroupQuantizer(8, 128);
            case "int4" -> new GroupQuantizer(4, 128);
            default -> throw new IllegalArgumentException("no codec " + name);
        };
    }

    @Setup(Level.Trial)
    public void setUp() {
        String[] nd = shape.split("x");
        int peers = Integer.parseInt(nd[0]);
        pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        backend = new CpuBackend(pool);
        backend.allocate(peers, Integer.parseInt(nd[1]));
        backend.fillUniform(1, -1, 1);
        plan = GroupAveragingBenchmark.shuffledGroups(peers).withCodec(codec(codec));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
        pool.shutdown();
    }

    @Benchmark
    public void groupAveraging() {
        backend.apply(plan);
    }

    /** Runs the benchmark (JMH options may follow) and prints GB/s per codec; with -o FILE also writes them as CSV. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
        List<String> jmhArgs = new ArrayList<>();
        Path csv = GbPerSecond.csvOption(args, jmhArgs);
        Map<String, Map<String, Double>> millis = new TreeMap<>();
        for (RunResult result : new Runner(new OptionsBuilder().parent(new CommandLineOptions(jmhArgs.toArray(String[]::new)))
                .include(CodecAveragingBenchmark.class.getSimpleName()).build()).run()) {
            // The median iteration: the machines are shared, and a slow iteration should not move it.
            millis.computeIfAbsent(result.getParams().getParam("shape"), k -> new TreeMap<>())
                    .put(result.getParams().getParam("codec"), result.getPrimaryResult().getStatistics().getPercentile(50));
        }
        StringBuilder out = new StringBuilder("shape,codec,gb_s,ms,ratio_to_exact\n");
        millis.forEach((shape, byCodec) -> byCodec.forEach((name, ms) -> out.append(String.format(Locale.ROOT, "%s,%s,%.2f,%.4f,%.3f%n",
                shape, name, GbPerSecond.bytesMoved(shape) / (ms * 1e-3) / 1e9, ms, byCodec.getOrDefault("none", Double.NaN) / ms))));
        System.out.println();
        System.out.print(out);
        GbPerSecond.write(csv, out.toString());
    }
}
