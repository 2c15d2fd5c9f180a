package org.moshsim.swarm;

import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.config.AvailabilitySpec;

/**
 * Which peers are online as simulated time goes on. Time only moves forward: {@link #advanceTo} first, then
 * the answers hold at that time.
 */
public interface Availability {
    /** Moves to time {@code t}, at or after the previous one. */
    void advanceTo(double t);

    boolean online(int peer);

    /** When the peer next goes offline or comes back, after the current time (infinity: never). */
    double nextChange(int peer);

    /**
     * A random peer other than {@code peer} that is online now, drawn uniformly from all {@code peers} up to 64
     * times (a joining peer's source of the current model), or -1 when none turned up.
     */
    default int randomOnlinePeer(int peer, int peers, UniformRandomProvider rng) {
        for (int tries = 0; tries < 64; tries++) {
            int other = rng.nextInt(peers);
            if (other != peer && online(other)) {
                return other;
            }
        }
        return -1;
    }

    /** The availability a config describes, for {@code peers} peers, its randomness from {@code seed}. */
    static Availability of(AvailabilitySpec spec, int peers, long seed) {
        if (spec instanceof AvailabilitySpec.Churn churn) {
            return new SessionChurn(churn, peers, seed);
        } else if (spec instanceof AvailabilitySpec.Trace trace) {
            return new TraceAvailability(trace, peers);
        }
        return new AlwaysOnline();
    }

    /** Nobody ever leaves. */
    final class AlwaysOnline implements Availability {
        @Override
        public void advanceTo(double t) {
        }

        @Override
        public boolean online(int peer) {
            return true;
        }

        @Override
        public double nextChange(int peer) {
            return Double.POSITIVE_INFINITY;
        }
    }
}
