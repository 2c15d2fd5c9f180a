package org.moshsim.straggler;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

/**
 * Compute time of one micro-batch: {@code mean * slowdown[worker] * exp(sigma Z - sigma^2 / 2)} with Z standard
 * normal, so the noise is log-normal with mean 1 and a heavy right tail, the shape DropCompute's Section 4 assumes
 * (i.i.d. micro-batch latencies whose maximum over workers grows with N).
 *
 * <p>Worker w's times at step s come from the stream (seed, MICRO_BATCH_TIMES, w, s): Box-Muller on words (u0, u1)
 * gives micro-batches 2k and 2k+1 as r cos t and r sin t, as {@link RandomStreams#normalRow} does; StrictMath keeps
 * the numbers identical on every machine.
 */
public final class MicroBatchTimes {
    private final double mean;
    private final double sigma;
    private final double[] slowdowns;

    private MicroBatchTimes(double mean, double sigma, double[] slowdowns) {
        if (!(mean > 0) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("micro-batch mean time must be positive and finite, got " + mean);
        }
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("log-normal sigma must be >= 0 and finite, got " + sigma);
        }
        for (double s : slowdowns) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("worker slowdowns must be positive and finite, got " + s);
            }
        }
        this.mean = mean;
        this.sigma = sigma;
        this.slowdowns = slowdowns;
    }

    /** Identical workers: every micro-batch takes {@code mean} seconds on average, with log-normal noise. */
    public static MicroBatchTimes lognormal(double mean, double sigma) {
        return new MicroBatchTimes(mean, sigma, new double[0]);
    }

    /** The same noise with worker w's times multiplied by {@code slowdowns[w]} (1 = nominal, 2 = half speed). */
    public MicroBatchTimes withSlowdowns(double[] slowdowns) {
        return new MicroBatchTimes(mean, sigma, slowdowns.clone());
    }

    public double mean() {
        return mean;
    }

    public double sigma() {
        return sigma;
    }

    /** Worker w's speed factor; workers beyond the given slowdowns run at nominal speed. */
    public double slowdown(int worker) {
        return worker < slowdowns.length ? slowdowns[worker] : 1.0;
    }

    /** Worker w's mean micro-batch time. */
    public double meanOf(int worker) {
        return mean * slowdown(worker);
    }

    /** Fills {@code dst[offset .. offset + microBatches)} with worker w's micro-batch times at step s. */
    public void draw(long seed, int worker, int step, double[] dst, int offset, int microBatches) {
        UniformRandomProvider rng = RandomStreams.stream(seed, Purpose.MICRO_BATCH_TIMES, worker, step);
        double scale = meanOf(worker) * StrictMath.exp(-0.5 * sigma * sigma);
        for (int m = 0; m < microBatches; m += 2) {
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(RandomStreams.openUniform(rng.nextInt())));
            double t = 2.0 * StrictMath.PI * RandomStreams.openUniform(rng.nextInt());
            dst[offset + m] = scale * StrictMath.exp(sigma * r * StrictMath.cos(t));
            if (m + 1 < microBatches) {
                dst[offset + m + 1] = scale * StrictMath.exp(sigma * r * StrictMath.sin(t));
            }
        }
    }

    /** Worker w's micro-batch times at step s, as a new array. */
    public double[] draw(long seed, int worker, int step, int microBatches) {
        double[] times = new double[microBatches];
        draw(seed, worker, step, times, 0, microBatches);
        return times;
    }

    @Override
    public String toString() {
        return "MicroBatchTimes[mean=" + mean + ", sigma=" + sigma + ", slowdowns=" + Arrays.toString(slowdowns) + "]";
    }
}
