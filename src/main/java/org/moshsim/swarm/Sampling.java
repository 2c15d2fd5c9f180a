package org.moshsim.swarm;

import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.config.Dist;
import org.moshsim.random.RandomStreams;

/** Draws from a {@link Dist} by inversion on a counter-based stream (StrictMath: the same on every machine). */
public final class Sampling {
    private Sampling() {
    }

    /** One draw; constants use no random words, log-normals two, every other distribution one. */
    public static double draw(Dist dist, UniformRandomProvider rng) {
        if (dist instanceof Dist.Constant c) {
            return c.value();
        } else if (dist instanceof Dist.Uniform u) {
            return u.low() + (u.high() - u.low()) * uniform(rng);
        } else if (dist instanceof Dist.Exponential e) {
            return -e.mean() * StrictMath.log(uniform(rng));
        } else if (dist instanceof Dist.LogNormal l) {
            double z = StrictMath.sqrt(-2 * StrictMath.log(uniform(rng))) * StrictMath.cos(2 * StrictMath.PI * uniform(rng));
            return l.median() * StrictMath.exp(l.sigma() * z);
        }
        Dist.Weibull w = (Dist.Weibull) dist;
        return w.scale() * StrictMath.pow(-StrictMath.log(uniform(rng)), 1 / w.shape());
    }

    private static double uniform(UniformRandomProvider rng) {
        return RandomStreams.openUniform(rng.nextInt());
    }
}
