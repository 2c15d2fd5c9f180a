package org.moshsim.swarm;

import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.config.AvailabilitySpec;
import org.moshsim.engine.EventQueue;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

/**
 * On/off churn: each peer alternates online sessions and downtimes drawn independently from their
 * distributions (exponential, Weibull, ...), from its own stream (seed, CHURN, peer). The swarm starts all
 * online, or (stationary) with each peer online with the long-run fraction E[session] / (E[session] +
 * E[downtime]). Every peer's next change waits in one event queue.
 */
final class SessionChurn implements Availability {
    private final AvailabilitySpec.Churn spec;
    private final boolean[] online;
    private final double[] nextChange;
    private final UniformRandomProvider[] streams;
    private final EventQueue changes = new EventQueue();

    SessionChurn(AvailabilitySpec.Churn spec, int peers, long seed) {
        this.spec = spec;
        this.online = new boolean[peers];
        this.nextChange = new double[peers];
        this.streams = new UniformRandomProvider[peers];
        long startsOnline = RandomStreams.bernoulliThreshold(spec.stationary() ? spec.onlineFraction() : 1);
        for (int i = 0; i < peers; i++) {
            streams[i] = RandomStreams.stream(seed, Purpose.CHURN, i, 0);
            online[i] = RandomStreams.bernoulli(streams[i].nextInt(), startsOnline);
            nextChange[i] = duration(i);
            changes.schedule(nextChange[i], i);
        }
    }

    private double duration(int peer) {
        return Sampling.draw(online[peer] ? spec.session() : spec.downtime(), streams[peer]);
    }

    @Override
    public void advanceTo(double t) {
        while (!changes.isEmpty() && changes.peekTime() <= t) {
            int peer = (int) changes.take();
            online[peer] = !online[peer];
            nextChange[peer] = changes.now() + duration(peer);
            changes.schedule(nextChange[peer], peer);
        }
    }

    @Override
    public boolean online(int peer) {
        return online[peer];
    }

    @Override
    public double nextChange(int peer) {
        return nextChange[peer];
    }
}
