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
}
