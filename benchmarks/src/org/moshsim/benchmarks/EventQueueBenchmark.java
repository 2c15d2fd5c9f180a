package org.moshsim.benchmarks;

import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.moshsim.engine.EventQueue;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hold model (Jones, 1986): with a fixed number of events pending, each operation takes out the earliest
 * and schedules a new one an exponentially distributed time later. moshsim's {@link EventQueue} against
 * {@link PriorityQueue} of event objects (ordered by time, then by scheduling order, as the engine needs).
 * Reported as events per second (one operation = one event taken out and one scheduled).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class EventQueueBenchmark {
    @Param({"1000", "10000", "100000", "1000000"})
    public int pending;

    /** Exponential increments with mean 1, drawn once so both queues see the same times. */
    private final double[] increments = new double[1 << 20];
    private int next;
    private EventQueue queue;
    private PriorityQueue<Event> heap;
    private long sequence;

    record Event(double time, long sequence, long payload) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Double.compare(time, other.time);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < increments.length; i++) {
            increments[i] = -Math.log(1 - random.nextDouble());
        }
        queue = new EventQueue();
        heap = new PriorityQueue<>();
        for (int i = 0; i < pending; i++) {
            double time = increment();
            queue.schedule(time, i);
            heap.add(new Event(time, sequence++, i));
        }
    }

    private double increment() {
        next = (next + 1) & (increments.length - 1);
        return increments[next];
    }

    @Benchmark
    public long eventQueue() {
        long event = queue.take();
        queue.schedule(queue.now() + increment(), event);
        return event;
    }

    @Benchmark
    public long priorityQueue() {
        Event event = heap.poll();
        heap.add(new Event(event.time() + increment(), sequence++, event.payload()));
        return event.payload();
    }

    /** Runs both (JMH options may follow) and prints events per second side by side; {@code -o FILE} writes a CSV. */
    public static void main(String[] args) throws Exception {
        java.nio.file.Path csv = null;
        java.util.List<String> jmhArgs = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-o")) {
                csv = java.nio.file.Path.of(args[++i]);
            } else {
                jmhArgs.add(args[i]);
            }
        }
        java.util.Collection<org.openjdk.jmh.results.RunResult> results = new org.openjdk.jmh.runner.Runner(
                new org.openjdk.jmh.runner.options.OptionsBuilder()
                        .parent(new org.openjdk.jmh.runner.options.CommandLineOptions(jmhArgs.toArray(String[]::new)))
                        .include(EventQueueBenchmark.class.getSimpleName()).build()).run();
        java.util.TreeMap<Integer, double[]> table = new java.util.TreeMap<>();
        for (org.openjdk.jmh.results.RunResult result : results) {
            int pending = Integer.parseInt(result.getParams().getParam("pending"));
            boolean ours = result.getParams().getBenchmark().endsWith("eventQueue");
            // The median iteration: the machines we run on are shared.
            table.computeIfAbsent(pending, k -> new double[2])[ours ? 0 : 1] = result.getPrimaryResult().getStatistics().getPercentile(50);
        }
        StringBuilder out = new StringBuilder("pending,event_queue_events_per_s,priority_queue_events_per_s,ratio\n");
        table.forEach((pending, r) -> out.append(String.format(java.util.Locale.ROOT, "%d,%.0f,%.0f,%.2f%n", pending, r[0], r[1], r[0] / r[1])));
        System.out.println();
        System.out.print(out);
        if (csv != null) {
            java.nio.file.Files.createDirectories(csv.toAbsolutePath().getParent());
            java.nio.file.Files.writeString(csv, out);
        }
    }
}
