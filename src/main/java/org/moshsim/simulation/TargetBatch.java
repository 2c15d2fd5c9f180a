package org.moshsim.simulation;

import java.util.Arrays;
import java.util.PriorityQueue;
import org.moshsim.training.LocalWork;

/**
 * Accumulate-to-target-batch, the global step of hivemind's collaborative optimizer as the Moshpit authors' ALBERT trainer
 * runs it ({@code CollaborativeTrainer} in language_modeling/collaboration.py): every peer computes batches back to back at
 * its own speed, accumulating their gradients, and reports its progress; when the swarm's examples reach the target the
 * step fires, and the peers aggregate what each has, however little (fast peers contribute more; nobody waits for a slow
 * peer's share). The swarm learns its progress late: the step fires {@code reportDelay} after the target is reached, and
 * batches finished by then count too, so a step holds a little more than the target, as hivemind's "1x-1.1x of
 * target_batch_size (due to latency)". A peer preempted before the step loses its batches, though the swarm counted them
 * towards the target (its progress stays on the DHT until it expires).
 */
final class TargetBatch {
    private final LocalWork work;
    private final int target;
    private final int batch;
    private final double reportDelay;

    /** Global steps of {@code target} examples, from batches of {@code batch} timed by {@code work}. */
    TargetBatch(LocalWork work, int target, int batch, double reportDelay) {
        this.work = work;
        this.target = target;
        this.batch = batch;
        this.reportDelay = reportDelay;
    }

    /**
     * Global step {@code round}: peer i accumulates from {@code begin[i]} (NaN: not this step) until it leaves at
     * {@code leave[i]} (infinite: it stays), its batches timed by its {@code round}-th stretch of work. Sets
     * {@code steps[i]} to the batches the peer finished by the step (or by its leaving) and {@code seconds[i]} to their
     * compute; returns when the step fires, or, if the peers leave before their examples reach the target, when the last of
     * them leaves (then every batch is lost); NaN when nobody accumulates.
     */
    double fill(int round, double[] begin, double[] leave, int[] steps, double[] seconds) {
        int n = begin.length;
        int computing = 0;
        for (double b : begin) {
            computing += Double.isNaN(b) ? 0 : 1;
        }
        if (computing == 0) {
            Arrays.fill(steps, 0);
            Arrays.fill(seconds, 0);
            return Double.NaN;
        }
        // A first guess at each peer's batches, doubled whenever a peer runs out (its times are one stream, drawn in order).
        int guess = 2 * ((target + batch - 1) / batch / computing + 1);
        double[][] times = new double[n][];
        double[] next = new double[n];
        PriorityQueue<Integer> queue = new PriorityQueue<>(Math.max(1, computing), (a, b) -> next[a] != next[b]
                ? Double.compare(next[a], next[b]) : Integer.compare(a, b));
        for (int i = 0; i < n; i++) {
            steps[i] = 0;
            seconds[i] = 0;
            if (!Double.isNaN(begin[i])) {
                times[i] = work.stepTimes(i, round, guess);
                next[i] = begin[i] + times[i][0];
                queue.add(i);
            }
        }
        long examples = 0;
        double reached = Double.NaN;
        double lastLeave = Double.NEGATIVE_INFINITY;
        while (!queue.isEmpty()) {
            int i = queue.poll();
            if (next[i] > leave[i]) {
                lastLeave = Math.max(lastLeave, leave[i]);
                continue;
            }
            double done = next[i];
            finish(i, round, times, next, steps, seconds);
            queue.add(i);
            examples += batch;
            if (examples >= target) {
                reached = done;
                break;
            }
        }
        if (Double.isNaN(reached)) {
            return lastLeave;
        }
        double fire = reached + reportDelay;
        // Batches that finish while the news travels count too.
        while (!queue.isEmpty() && next[queue.peek()] <= fire) {
            int i = queue.poll();
            if (next[i] <= leave[i]) {
                finish(i, round, times, next, steps, seconds);
                queue.add(i);
            }
        }
        return fire;
    }

    /** Counts the peer's batch that finishes at {@code next[peer]} and sets when its next one finishes. */
    private void finish(int peer, int round, double[][] times, double[] next, int[] steps, double[] seconds) {
        seconds[peer] += times[peer][steps[peer]];
        steps[peer]++;
        if (steps[peer] == times[peer].length) {
            times[peer] = work.stepTimes(peer, round, 2 * times[peer].length);
        }
        next[peer] += times[peer][steps[peer]];
    }
}
