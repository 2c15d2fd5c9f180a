package org.moshsim.benchmarks;

import java.io.IOException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.moshsim.backend.cpu.CpuBackend;
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
 * One round of group averaging (groups of 32, as Moshpit on a 32 x 32 grid) on the CPU backend with all
 * cores, next to a plain single-threaded array copy of the same bytes. Both move 8 N D bytes: every value
 * read once and written once. {@link #main} runs both and prints GB/s side by side, from the median of 10
 * one-second iterations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx14g"})
public class GroupAveragingBenchmark {
    /** N x D: peers x values per peer, up to 2^30 values (4 GiB) so the copy's two arrays also fit in memory. */
    @Param({"1024x1", "1024x64", "1024x1024", "1024x65536",
            "4096x1", "4096x1024", "4096x65536",
            "16384x1", "16384x1024", "16384x65536",
            "65536x1", "65536x1024", "65536x16384"})
    public String shape;

    private static final int GROUP_SIZE = 32;

    private ForkJoinPool pool;
    private CpuBackend backend;
    private GroupAveraging plan;
    private float[] source;
    private float[] target;

    @Setup(Level.Trial)
    public void setUp() {
        String[] nd = shape.split("x");
        int peers = Integer.parseInt(nd[0]);
        int dim = Integer.parseInt(nd[1]);
        pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        backend = new CpuBackend(pool);
        backend.allocate(peers, dim);
        backend.fillUniform(1, -1, 1);
        plan = shuffledGroups(peers);
        source = new float[Math.toIntExact((long) peers * dim)];
        target = new float[source.length];
        java.util.Arrays.fill(source, 1f);
    }

    /** Peers in a fixed shuffled order cut into groups of 32: members scattered in memory, as in a run. */
    static GroupAveraging shuffledGroups(int peers) {
        int[] order = new int[peers];
        for (int i = 0; i < peers; i++) {
            order[i] = i;
        }
        java.util.Random random = new java.util.Random(7);
        for (int i = peers - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        GroupAveraging.Builder groups = new GroupAveraging.Builder(peers);
        for (int i = 0; i < peers; i++) {
            groups.add(order[i]);
            if ((i + 1) % GROUP_SIZE == 0) {
                groups.close();
            }
        }
        return groups.close().build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
        pool.shutdown();
        source = null;
        target = null;
    }

    @Benchmark
    public void groupAveraging() {
        backend.apply(plan);
    }

    @Benchmark
    public void copy() {
        System.arraycopy(source, 0, target, 0, source.length);
    }

    /** Runs the benchmark (JMH options may follow) and prints GB/s for both; with -o FILE also writes them as CSV. */
    public static void main(String[] args) throws org.openjdk.jmh.runner.RunnerException,
            org.openjdk.jmh.runner.options.CommandLineOptionException, java.io.IOException {
        GbPerSecond.run(GroupAveragingBenchmark.class, "copy", args);
    }
}
