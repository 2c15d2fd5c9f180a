package org.moshsim.config;

import java.util.List;

/** When peers are online, beyond the per-round failures of {@link FailureSpec}. */
public sealed interface AvailabilitySpec {
    /** Every peer online all the time. */
    record Always() implements AvailabilitySpec {
    }

    /**
     * On/off churn: sessions and downtimes drawn independently per peer (e.g. preemptible instances). The swarm
     * starts with everyone online, or with each peer online with the long-run probability ({@code stationary}).
     */
    record Churn(Dist session, Dist downtime, boolean stationary) implements AvailabilitySpec {
        public Churn(Dist session, Dist downtime) {
            this(session, downtime, false);
        }

        /** The long-run fraction of time a peer is online. */
        public double onlineFraction() {
            return session.mean() / (session.mean() + downtime.mean());
        }
    }

    /**
     * Online intervals read from a trace: {@code intervals.get(k)} holds trace peer k's sorted, disjoint
     * [start, end) pairs in seconds; simulated peer i follows trace peer i mod K.
     */
    record Trace(String file, List<double[]> intervals) implements AvailabilitySpec {
        public Trace {
            intervals = List.copyOf(intervals);
        }
    }

    AvailabilitySpec ALWAYS = new Always();
}
