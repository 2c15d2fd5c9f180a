package org.moshsim.lossy;

import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.random.RandomStreams;

/**
 * Each packet is lost independently with probability p (the i.i.d. loss of Weintraub et al. 2025, Section 3).
 * Packet k of a link is decided by word k of its stream.
 *
 * @param probability p in [0, 1]
 */
public record BernoulliLoss(double probability) implements PacketLoss {
    /** No packet is ever lost. */
    public static final BernoulliLoss NONE = new BernoulliLoss(0);

    public BernoulliLoss {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("packet loss probability must be in [0, 1], got " + probability);
        }
    }

    @Override
    public double lossRate() {
        return probability;
    }

    @Override
    public LinkLosses link(long seed, int sender, int receiver, int round) {
        UniformRandomProvider rng = PacketLoss.stream(seed, sender, receiver, round);
        long threshold = RandomStreams.bernoulliThreshold(probability);
        return () -> RandomStreams.bernoulli(rng.nextInt(), threshold);
    }
}
