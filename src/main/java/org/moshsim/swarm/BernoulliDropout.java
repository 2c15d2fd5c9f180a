package org.moshsim.swarm;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

/**
 * Each peer fails independently with probability p in each round. The draws depend only on (seed, round),
 * so every protocol run with the same seed sees the same failures. For small p the stream gives the gaps
 * between failures (geometric, by inversion), so a round costs O(pN + 1) draws instead of N.
 */
public final class BernoulliDropout {
    /** Above this p, drawing every peer is cheaper than drawing gaps. */
    private static final double GAP_SAMPLING_BELOW = 0.1;

    private final double p;
    private final long threshold;
    private final double logSurvival;
    private final long seed;

    public BernoulliDropout(double p, long seed) {
        this.p = p;
        this.threshold = RandomStreams.bernoulliThreshold(p);
        this.logSurvival = StrictMath.log1p(-p);
        this.seed = seed;
    }

    /** Sets {@code live[i]} for every peer in round {@code round}. */
    public void sample(int round, boolean[] live) {
        Arrays.fill(live, true);
        if (p == 0) {
            return;
        }
        UniformRandomProvider rng = RandomStreams.stream(seed, Purpose.FAILURES, round, 0);
        if (p < GAP_SAMPLING_BELOW) {
            // The number of live peers before the next failure is Geometric(p): floor(ln U / ln(1 - p)).
            long next = -1;
            while (true) {
                next += 1 + (long) Math.floor(StrictMath.log(RandomStreams.openUniform(rng.nextInt())) / logSurvival);
                if (next >= live.length) {
                    return;
                }
                live[(int) next] = false;
            }
        }
        for (int i = 0; i < live.length; i++) {
            live[i] = !RandomStreams.bernoulli(rng.nextInt(), threshold);
        }
    }
}
