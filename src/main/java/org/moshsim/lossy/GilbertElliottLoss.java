package org.moshsim.lossy;

import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.random.RandomStreams;

/**
 * Bursty loss: the Gilbert-Elliott channel, a two-state Markov chain (good, bad) stepped once per packet, losing a
 * packet with probability lossInGood or lossInBad according to the state it is sent in. Stationary law:
 * P(bad) = goodToBad / (goodToBad + badToGood), so the loss rate is
 * P(good) lossInGood + P(bad) lossInBad; a bad spell lasts 1 / badToGood packets on average.
 *
 * <p>Each link starts in a state drawn from the stationary law (word 0 of its stream); packet k then uses words
 * 2k + 1 (loss) and 2k + 2 (transition).
 */
public record GilbertElliottLoss(double goodToBad, double badToGood, double lossInGood, double lossInBad)
        implements PacketLoss {
    public GilbertElliottLoss {
        check("goodToBad", goodToBad);
        check("badToGood", badToGood);
        check("lossInGood", lossInGood);
        check("lossInBad", lossInBad);
        if (goodToBad + badToGood == 0) {
            throw new IllegalArgumentException("goodToBad and badToGood cannot both be 0: the chain has no stationary law");
        }
    }

    /** The Gilbert channel: no loss in the good state, every packet lost in the bad state. */
    public static GilbertElliottLoss gilbert(double goodToBad, double badToGood) {
        return new GilbertElliottLoss(goodToBad, badToGood, 0, 1);
    }

    private static void check(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Gilbert-Elliott " + name + " must be a probability in [0, 1], got " + p);
        }
    }

    /** Stationary probability of the bad state. */
    public double badStateProbability() {
        return goodToBad / (goodToBad + badToGood);
    }

    @Override
    public double lossRate() {
        double bad = badStateProbability();
        return (1 - bad) * lossInGood + bad * lossInBad;
    }

    @Override
    public LinkLosses link(long seed, int sender, int receiver, int round) {
        UniformRandomProvider rng = PacketLoss.stream(seed, sender, receiver, round);
        long startBad = RandomStreams.bernoulliThreshold(badStateProbability());
        long[] loss = {RandomStreams.bernoulliThreshold(lossInGood), RandomStreams.bernoulliThreshold(lossInBad)};
        long[] flip = {RandomStreams.bernoulliThreshold(goodToBad), RandomStreams.bernoulliThreshold(badToGood)};
        return new LinkLosses() {
            private int state = RandomStreams.bernoulli(rng.nextInt(), startBad) ? 1 : 0;

            @Override
            public boolean nextLost() {
                boolean lost = RandomStreams.bernoulli(rng.nextInt(), loss[state]);
                if (RandomStreams.bernoulli(rng.nextInt(), flip[state])) {
                    state = 1 - state;
                }
                return lost;
            }
        };
    }
}
