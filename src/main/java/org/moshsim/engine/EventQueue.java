package org.moshsim.engine;

import java.util.Arrays;

/**
 * The pending events of a discrete-event simulation: a radix heap on primitive arrays (no object per event).
 * Events come out in order of time and, at equal times, in the order they were scheduled, so runs are
 * deterministic. Like every discrete-event clock it is monotone: nothing may be scheduled before the time of
 * the event last taken out.
 *
 * <p>A radix heap keeps events in 65 buckets by the highest bit in which their time differs from the last time
 * taken out (times are non-negative doubles, whose bit patterns sort like the numbers). Scheduling appends to
 * a bucket; taking out reads bucket 0 first-in first-out, refilling it from the lowest non-empty bucket. Each
 * event moves down at most 64 times, and usually once or twice, so both are O(1) amortised and cache-friendly
 * (Ahuja, Mehlhorn, Orlin and Tarjan, 1990).
 */
public final class EventQueue {
    private static final int BUCKETS = 65;

    private final long[][] keys = new long[BUCKETS][];
    private final long[][] events = new long[BUCKETS][];
    private final int[] sizes = new int[BUCKETS];
    /** Bucket 0 is read first-in first-out from here; the other buckets are emptied whole. */
    private int head;
    private long last;
    private int size;

    public EventQueue() {
        for (int b = 0; b < BUCKETS; b++) {
            keys[b] = new long[16];
            events[b] = new long[16];
        }
    }

    /** Schedules {@code event} (any 64-bit word the caller chooses) at {@code time} >= {@link #now()}. */
    public void schedule(double time, long event) {
        if (!(time >= 0)) {
            throw new IllegalArgumentException("an event at time " + time + "; times are >= 0");
        }
        long key = Double.doubleToLongBits(time + 0.0);
        if (key < last) {
            throw new IllegalArgumentException("an event at " + time + " before the current time " + now());
        }
        append(bucket(key), key, event);
        size++;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int size() {
        return size;
    }

    /** The time of the event last taken out (0 before the first). */
    public double now() {
        return Double.longBitsToDouble(last);
    }

    /** The time of the next event; the queue must not be empty. */
    public double peekTime() {
        refill();
        return Double.longBitsToDouble(keys[0][head]);
    }

    /** Takes out the next event and returns its word; {@link #now()} becomes its time. */
    public long take() {
        refill();
        long event = events[0][head];
        head++;
        size--;
        if (head == sizes[0]) {
            head = 0;
            sizes[0] = 0;
        }
        return event;
    }

    /** Makes bucket 0 hold the events due at the earliest pending time. */
    private void refill() {
        if (head < sizes[0]) {
            return;
        }
        if (size == 0) {
            throw new IllegalStateException("no pending events");
        }
        int b = 1;
        while (sizes[b] == 0) {
            b++;
        }
        long[] bucketKeys = keys[b];
        long[] bucketEvents = events[b];
        int count = sizes[b];
        long min = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            min = Math.min(min, bucketKeys[i]);
        }
        last = min;
        sizes[b] = 0;
        // Redistribute in stored order: events of equal time keep the order they were scheduled in.
        for (int i = 0; i < count; i++) {
            append(bucket(bucketKeys[i]), bucketKeys[i], bucketEvents[i]);
        }
    }

    private int bucket(long key) {
        return 64 - Long.numberOfLeadingZeros(key ^ last);
    }

    private void append(int b, long key, long event) {
        int n = sizes[b];
        if (n == keys[b].length) {
            keys[b] = Arrays.copyOf(keys[b], 2 * n);
            events[b] = Arrays.copyOf(events[b], 2 * n);
        }
        keys[b][n] = key;
        events[b][n] = event;
        sizes[b] = n + 1;
    }
}
