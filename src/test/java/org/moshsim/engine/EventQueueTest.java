package org.moshsim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.PriorityQueue;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EventQueueTest {
    record Reference(double time, long order, long event) implements Comparable<Reference> {
        @Override
        public int compareTo(Reference other) {
            int byTime = Double.compare(time, other.time);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    /** Any interleaving of scheduling and taking out gives the order of a (time, scheduling order) heap. */
    @Property(tries = 200)
    void takesEventsInTimeThenSchedulingOrder(@ForAll @IntRange(min = 0, max = 100_000) int seed,
                                              @ForAll @IntRange(min = 1, max = 3000) int operations) {
        SplittableRandom random = new SplittableRandom(seed);
        EventQueue queue = new EventQueue();
        PriorityQueue<Reference> reference = new PriorityQueue<>();
        long order = 0;
        for (int op = 0; op < operations; op++) {
            if (reference.isEmpty() || random.nextInt(3) > 0) {
                // Few distinct increments, so that many events share a time.
                double time = queue.now() + (random.nextInt(4) == 0 ? 0 : random.nextInt(5) * 0.25);
                queue.schedule(time, order);
                reference.add(new Reference(time, order, order));
                order++;
            } else {
                Reference expected = reference.poll();
                assertEquals(expected.time(), queue.peekTime());
                assertEquals(expected.event(), queue.take());
                assertEquals(expected.time(), queue.now());
            }
            assertEquals(reference.size(), queue.size());
        }
        while (!reference.isEmpty()) {
            assertEquals(reference.poll().event(), queue.take());
        }
        assertTrue(queue.isEmpty());
    }

    @Test
    void simultaneousEventsComeOutInTheOrderTheyWereScheduled() {
        EventQueue queue = new EventQueue();
        queue.schedule(2.0, 20);
        queue.schedule(1.0, 10);
        queue.schedule(2.0, 21);
        queue.schedule(1.0, 11);
        queue.schedule(0.0, 0);
        assertEquals(0, queue.take());
        assertEquals(10, queue.take());
        queue.schedule(1.0, 12);
        assertEquals(11, queue.take());
        assertEquals(12, queue.take());
        assertEquals(20, queue.take());
        assertEquals(21, queue.take());
    }

    @Test
    void timeNeverGoesBack() {
        EventQueue queue = new EventQueue();
        queue.schedule(5, 1);
        queue.take();
        assertEquals(5.0, queue.now());
        assertThrows(IllegalArgumentException.class, () -> queue.schedule(4.999, 2));
        assertThrows(IllegalArgumentException.class, () -> queue.schedule(Double.NaN, 2));
        assertThrows(IllegalStateException.class, queue::take);
        queue.schedule(-0.0 + 5, 3);
        assertEquals(3, queue.take());
    }
}
