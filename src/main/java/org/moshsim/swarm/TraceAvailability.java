package org.moshsim.swarm;

import java.util.List;
import org.moshsim.config.AvailabilitySpec;

/** Peers online exactly in a trace's intervals; peer i follows trace peer i mod K. */
final class TraceAvailability implements Availability {
    private final List<double[]> intervals;
    private final int[] next;
    private double now;

    TraceAvailability(AvailabilitySpec.Trace trace, int peers) {
        this.intervals = trace.intervals();
        this.next = new int[peers];
    }

    private double[] of(int peer) {
        return intervals.get(peer % intervals.size());
    }

    @Override
    public void advanceTo(double t) {
        now = t;
        // Lazily per peer (see position): nothing to do for peers nobody asks about.
    }

    /** The index of the first bound (start or end) after now; even: offline until it, odd: online until it. */
    private int position(int peer) {
        double[] bounds = of(peer);
        int k = next[peer];
        while (k < bounds.length && bounds[k] <= now) {
            k++;
        }
        next[peer] = k;
        return k;
    }

    @Override
    public boolean online(int peer) {
        return position(peer) % 2 == 1;
    }

    @Override
    public double nextChange(int peer) {
        int k = position(peer);
        return k < of(peer).length ? of(peer)[k] : Double.POSITIVE_INFINITY;
    }
}
