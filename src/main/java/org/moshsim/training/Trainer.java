package org.moshsim.training;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.Measure;
import org.moshsim.backend.Backend;
import org.moshsim.backend.Evaluation;
import org.moshsim.config.Dist;
import org.moshsim.config.TrainingSpec;
import org.moshsim.plan.LocalSteps;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;
import org.moshsim.swarm.Peers;
import org.moshsim.swarm.Sampling;
import org.moshsim.workload.Training;

/**
 * One run's training, as the runs see it: how long a peer's next steps take on its GPU, which examples they
 * use, and the measurements. A peer's k-th stretch of local work (its {@code chunk}) draws its step times from
 * the stream (seed, STEP_TIMES, chunk, peer) and its batches, sampled with replacement from its own shard, from
 * (seed, BATCHES, chunk, peer): the same for every protocol.
 */
public final class Trainer {
    private final TrainingSpec spec;
    private final Training training;
    private final Peers peers;
    private final long seed;
    /** Log-normal with median exp(-sigma^2 / 2): mean 1, so the noise slows no one down on average. */
    private final Dist stepFactor;
    private final int[] batch;

    public Trainer(TrainingSpec spec, Peers peers, long seed) {
        this.spec = spec;
        this.training = Training.prepare(spec, peers.size(), seed);
        this.peers = peers;
        this.seed = seed;
        double sigma = spec.stepNoise();
        this.stepFactor = sigma == 0 ? new Dist.Constant(1) : new Dist.LogNormal(Math.exp(-sigma * sigma / 2), sigma);
        this.batch = new int[spec.batch()];
    }

    /** Sizes the backend for the task and gives every peer the initial model. */
    public void initialize(Backend backend) {
        backend.allocate(peers.size(), training.task().dim());
        backend.load(training.task());
        backend.broadcast(training.initialModel());
    }

    public List<Measure> measures() {
        return spec.measures();
    }

    /** Seconds {@code steps} SGD steps take on the peer in its {@code chunk}-th stretch of local work. */
    public double workTime(int peer, int chunk, int steps) {
        double step = spec.stepTime() / peers.speed(peer);
        UniformRandomProvider rng = stepFactor instanceof Dist.Constant ? null : RandomStreams.stream(seed, Purpose.STEP_TIMES, chunk, peer);
        double seconds = 0;
        for (int s = 0; s < steps; s++) {
            seconds += step * Sampling.draw(stepFactor, rng);
        }
        return seconds;
    }

    /** A collector of one instant's steps. */
    public LocalSteps.Builder steps() {
        return new LocalSteps.Builder(spec.learningRate());
    }

    /** Adds the peer's {@code steps} steps of its {@code chunk}-th stretch of local work. */
    public void addSteps(LocalSteps.Builder builder, int peer, int chunk, int steps) {
        int[] shard = training.shards()[peer];
        UniformRandomProvider rng = RandomStreams.stream(seed, Purpose.BATCHES, chunk, peer);
        for (int s = 0; s < steps; s++) {
            for (int k = 0; k < batch.length; k++) {
                batch[k] = shard[rng.nextInt(shard.length)];
            }
            builder.step(batch, batch.length);
        }
        builder.peer(peer);
    }

    /**
     * The measures' current values, in {@link #measures()} order, at simulated {@code time}; utilisation is the
     * peers' {@code computing} seconds so far over all peers' time.
     */
    public double[] measure(Backend backend, double computing, double time) {
        double utilisation = time > 0 ? Math.min(1, computing / (peers.size() * time)) : 0;
        Evaluation e = backend.evaluate();
        if (measures().get(0) == Measure.EXCESS_LOSS) {
            return new double[] {e.loss() - training.optimalLoss(), e.spread(), utilisation};
        }
        return new double[] {e.loss(), e.accuracy(), e.spread(), utilisation};
    }
}
