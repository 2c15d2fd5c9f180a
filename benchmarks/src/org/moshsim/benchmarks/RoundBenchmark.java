package org.moshsim.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.moshsim.backend.cpu.CpuBackend;
import org.moshsim.config.Dist;
import org.moshsim.config.NetworkSpec;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.SwarmSpec;
import org.moshsim.network.NetworkModel;
import org.moshsim.network.Traffic;
import org.moshsim.plan.Plan;
import org.moshsim.protocol.Participation;
import org.moshsim.protocol.Protocol;
import org.moshsim.protocol.Protocols;
import org.moshsim.swarm.Peers;
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
 * One synchronous round of each protocol at D = 1, single-threaded as a sweep's runs are: the protocol plans it, the
 * network model prices it (with {@code pricing}: every group's or message's time from its members' links, latencies and
 * ready times, and each peer's bytes) and the CPU backend applies it. Next to it, a copy of the bytes such a round must
 * at least move, measured in the same JVM ({@link #copy}): per peer its value read and written (8 bytes), its index in
 * the plan written and read (8), and, priced, its ready time, link and latency read and its traffic read and written
 * (40). {@link #main} prints nanoseconds per peer of both and the round's time over the copy's.
 *
 * <p>Peers sit on the paper's network: 1 Gbit/s, latencies uniform in 1-6 ms, ready times spread over 100 ms. Moshpit's
 * grid is 32 x ... x 32 x (the rest) for N = 2^k; rounds advance, so the grid's axes and the random groups change.
 * Run with {@code -prof gc} to see what a round allocates.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class RoundBenchmark {
    /** A run's protocol, network and backend, at round {@code round}. */
    @State(Scope.Benchmark)
    public static class Run {
        @Param({"1024", "4096", "16384", "65536", "262144", "1048576"})
        public int peers;

        @Param({"all-reduce", "gossip", "push-sum", "random-groups", "moshpit", "moshpit-keys"})
        public String protocol;

        @Param({"true", "false"})
        public boolean pricing;

        Protocol planner;
        NetworkModel network;
        CpuBackend backend;
        Participation everyone;
        double[] ready;
        double[] groupEnd;
        Traffic traffic;
        int round;

        @Setup(Level.Trial)
        public void setUp() {
            planner = Protocols.create(spec(protocol, peers), peers, 1);
            SwarmSpec swarm = new SwarmSpec(List.of(new SwarmSpec.Profile("paper", 1, new Dist.Constant(1.25e8),
                    new Dist.Constant(1.25e8), new Dist.Uniform(1e-3, 6e-3), new Dist.Constant(1))));
            network = new NetworkModel(Peers.draw(swarm, peers, 1), new NetworkSpec(1e8, new Dist.Exponential(0.1), 0.5, 30));
            backend = new CpuBackend(null);
            backend.allocate(peers, 1);
            backend.fillNormal(1, 0, 1);
            everyone = Participation.everyone(peers);
            ready = new double[peers];
            java.util.Random random = new java.util.Random(3);
            for (int i = 0; i < peers; i++) {
                ready[i] = 0.1 * random.nextDouble();
            }
            groupEnd = new double[peers];
            traffic = new Traffic(peers);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            backend.close();
        }
    }

    /** The protocols of the paper table, at N peers. */
    static ProtocolSpec spec(String protocol, int peers) {
        return switch (protocol) {
            case "all-reduce" -> new ProtocolSpec.AllReduce(protocol);
            case "gossip" -> new ProtocolSpec.Gossip(protocol, 1);
            case "push-sum" -> new ProtocolSpec.PushSum(protocol, 2);
            case "random-groups" -> new ProtocolSpec.RandomGroups(protocol, 32);
            case "moshpit" -> new ProtocolSpec.Moshpit(protocol, ProtocolSpec.Variant.GRID, grid(peers));
            case "moshpit-keys" -> new ProtocolSpec.Moshpit(protocol, ProtocolSpec.Variant.KEYS, grid(peers));
            default -> throw new IllegalArgumentException(protocol);
        };
    }

    /** Sides of 32 and the rest: N = 2^k peers fill the grid. */
    static List<Integer> grid(int peers) {
        List<Integer> sides = new ArrayList<>();
        int left = peers;
        while (left >= 32) {
            sides.add(32);
            left /= 32;
        }
        if (left > 1) {
            sides.add(left);
        }
        return sides;
    }

    @Benchmark
    public double round(Run run) {
        Plan plan = run.planner.plan(run.round++, run.everyone);
        double end = run.pricing ? run.network.price(plan, run.ready, run.groupEnd, run.traffic) : 0;
        run.backend.apply(plan);
        return end;
    }

    /** The same work's lower bound: a copy of the bytes a round must move, 16 per peer, 56 priced. */
    @State(Scope.Benchmark)
    public static class Bytes {
        @Param({"1024", "4096", "16384", "65536", "262144", "1048576"})
        public int peers;

        @Param({"true", "false"})
        public boolean pricing;

        long[] source;
        long[] target;

        @Setup(Level.Trial)
        public void setUp() {
            // A copy reads and writes each long: 16 bytes moved per long.
            source = new long[peers * bytesPerPeer(pricing) / 16];
            target = new long[source.length];
            java.util.Arrays.fill(source, 1);
        }
    }

    static int bytesPerPeer(boolean pricing) {
        return pricing ? 56 : 16;
    }

    @Benchmark
    public void copy(Bytes bytes) {
        System.arraycopy(bytes.source, 0, bytes.target, 0, bytes.source.length);
    }

    /**
     * Runs the benchmark (JMH options may follow) and prints ns per peer of each protocol's round next to the copy;
     * with -o FILE also writes them as CSV.
     */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
        List<String> jmhArgs = new ArrayList<>();
        java.nio.file.Path csv = GbPerSecond.csvOption(args, jmhArgs);
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(jmhArgs.toArray(String[]::new)))
                .include(RoundBenchmark.class.getSimpleName()).build()).run();
        TreeMap<String, Double> copies = new TreeMap<>();
        TreeMap<String, double[]> rounds = new TreeMap<>();
        for (RunResult result : results) {
            int n = Integer.parseInt(result.getParams().getParam("peers"));
            String priced = result.getParams().getParam("pricing");
            // The median iteration: the machines we run on are shared, and a slow iteration should not move it.
            double nanosPerPeer = result.getPrimaryResult().getStatistics().getPercentile(50) * 1e3 / n;
            if (result.getParams().getBenchmark().endsWith("copy")) {
                copies.put(n + "," + priced, nanosPerPeer);
            } else {
                String key = String.format(Locale.ROOT, "%s,%08d,%s", result.getParams().getParam("protocol"), n, priced);
                double allocated = Double.NaN;
                for (var secondary : result.getSecondaryResults().entrySet()) {
                    if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
                        allocated = secondary.getValue().getScore();
                    }
                }
                rounds.put(key, new double[] {n, nanosPerPeer, allocated});
            }
        }
        StringBuilder out = new StringBuilder("protocol,peers,pricing,round_ns_per_peer,copy_ns_per_peer,bytes_per_peer,"
                + "round_over_copy,allocated_bytes_per_round\n");
        rounds.forEach((key, r) -> {
            String[] parts = key.split(",");
            int n = (int) r[0];
            Double copy = copies.get(n + "," + parts[2]);
            double c = copy == null ? Double.NaN : copy;
            out.append(String.format(Locale.ROOT, "%s,%d,%s,%.3f,%.3f,%d,%.2f,%.0f%n", parts[0], n, parts[2], r[1], c,
                    bytesPerPeer(Boolean.parseBoolean(parts[2])), r[1] / c, r[2]));
        });
        System.out.println();
        System.out.println("ns per peer of one round (D = 1, one thread) and of a copy of the bytes it must move, median iteration:");
        System.out.print(out);
        GbPerSecond.write(csv, out.toString());
    }
}
