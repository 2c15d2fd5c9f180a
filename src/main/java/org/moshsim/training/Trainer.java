package org.moshsim.training;

import java.util.Arrays;
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
import org.moshsim.straggler.DropCompute;
import org.moshsim.straggler.MicroBatchTrace;
import org.moshsim.straggler.ThresholdSelection;
import org.moshsim.swarm.Peers;
import org.moshsim.swarm.Sampling;
import org.moshsim.workload.Training;

/**
 * One run's training, as the runs see it: how long a peer's next steps take on its GPU, which examples they
 * use, and the measurements. A peer's k-th stretch of local work (its {@code chunk}) draws its step times from
 * the stream (seed, STEP_TIMES, chunk, peer) and its batches, sampled with replacement from its own shard, from
 * (seed, BATCHES, chunk, peer): the same for every protocol. A peer back from churn downloads a current model.
 */
public final class Trainer implements LocalWork {
    private final TrainingSpec spec;
    private final Training training;
    private final Peers peers;
    private final long seed;
    /** Log-normal with median exp(-sigma^2 / 2): mean 1, so the noise slows no one down on average. */
    private final Dist stepFactor;
    private final int[] batch;
    /** Rounds of plain synchronous training that an automatic DropCompute threshold is chosen from. */
    private static final int WARM_UP_ROUNDS = 20;
    private final boolean automatic;
    private DropCompute dropCompute;
    private double warmUpCommunication;
    /** Micro-batches planned so far, and those DropCompute dropped. */
    private long microBatches;
    private long dropped;

    /** The training of {@code training}'s task, as {@code spec} sets it, by {@code peers}, with streams of {@code seed}. */
    public Trainer(TrainingSpec spec, Training training, Peers peers, long seed) {
        this.spec = spec;
        this.training = training;
        this.peers = peers;
        this.seed = seed;
        double sigma = spec.stepNoise();
        this.stepFactor = sigma == 0 ? new Dist.Constant(1) : new Dist.LogNormal(Math.exp(-sigma * sigma / 2), sigma);
        this.batch = new int[spec.batch()];
        this.automatic = Double.isNaN(spec.dropThreshold());
        this.dropCompute = !spec.dropsCompute() || automatic ? DropCompute.OFF : new DropCompute(spec.dropThreshold());
    }

    /** The learning rate of every step (and of every gradient exchange's step). */
    @Override
    public double learningRate() {
        return spec.learningRate();
    }

    /**
     * Seconds {@code steps} SGD steps take on the peer in its {@code chunk}-th stretch of local work: each step's
     * micro-batches one after another, cut short at DropCompute's threshold.
     */
    public double workTime(int peer, int chunk, int steps) {
        double[] times = microBatchTimes(peer, chunk, steps);
        int m = spec.microBatches();
        double seconds = 0;
        for (int s = 0; s < steps; s++) {
            seconds += dropCompute.computeTime(Arrays.copyOfRange(times, s * m, (s + 1) * m));
        }
        return seconds;
    }

    @Override
    public double seconds(int peer, int chunk, int steps, boolean computes) {
        return computes ? workTime(peer, chunk, steps) : 0;
    }

    @Override
    public double[] stepTimes(int peer, int chunk, int steps) {
        double[] times = microBatchTimes(peer, chunk, steps);
        int m = spec.microBatches();
        double[] perStep = new double[steps];
        for (int k = 0; k < times.length; k++) {
            perStep[k / m] += times[k];
        }
        return perStep;
    }

    @Override
    public boolean downloadsOnReturn() {
        return true;
    }

    /** DropCompute's threshold in seconds (infinite without DropCompute, or before an automatic one is chosen). */
    public double dropThreshold() {
        return dropCompute.threshold();
    }

    /**
     * Each micro-batch's seconds in the peer's {@code chunk}-th stretch (steps x micro-batches, step-major), from
     * the stream (seed, STEP_TIMES, chunk, peer); with one micro-batch per step these are the steps' times.
     */
    private double[] microBatchTimes(int peer, int chunk, int steps) {
        double micro = spec.stepTime() / peers.speed(peer) / spec.microBatches();
        UniformRandomProvider rng = stepFactor instanceof Dist.Constant ? null : RandomStreams.stream(seed, Purpose.STEP_TIMES, chunk, peer);
        double[] times = new double[steps * spec.microBatches()];
        for (int k = 0; k < times.length; k++) {
            times[k] = micro * Sampling.draw(stepFactor, rng);
        }
        return times;
    }

    /**
     * Tells the trainer how long a synchronous round's communication took beyond its slowest peer's compute. With
     * an automatic DropCompute threshold, the first {@value #WARM_UP_ROUNDS} rounds run without it, as the paper's
     * warm-up (Giladi et al. 2023, Sect. 4.2); then tau is the one with the best effective speedup on their
     * micro-batch times (every peer's, from the same streams) and their mean communication.
     */
    @Override
    public void endRound(int round, int steps, double communication) {
        if (!automatic || round >= WARM_UP_ROUNDS) {
            return;
        }
        warmUpCommunication += communication;
        if (round == WARM_UP_ROUNDS - 1) {
            int m = spec.microBatches();
            double[][][] warmUp = new double[WARM_UP_ROUNDS * steps][peers.size()][];
            for (int r = 0; r < WARM_UP_ROUNDS; r++) {
                for (int p = 0; p < peers.size(); p++) {
                    double[] times = microBatchTimes(p, r, steps);
                    for (int s = 0; s < steps; s++) {
                        warmUp[r * steps + s][p] = Arrays.copyOfRange(times, s * m, (s + 1) * m);
                    }
                }
            }
            double perStep = warmUpCommunication / WARM_UP_ROUNDS / steps;
            dropCompute = new DropCompute(ThresholdSelection.choose(MicroBatchTrace.observed(warmUp), perStep).threshold());
        }
    }

    /** A collector of one instant's steps, which step the peers' models or (exchanging gradients) accumulate gradients. */
    @Override
    public LocalSteps.Builder steps(boolean accumulate) {
        return accumulate ? LocalSteps.Builder.accumulating() : new LocalSteps.Builder(spec.learningRate(), spec.optimizer());
    }

    /**
     * Adds the peer's {@code steps} steps of its {@code chunk}-th stretch of local work. Under DropCompute a step
     * keeps the micro-batches that finished by the threshold and its gradient is normalised by the nominal batch
     * (the paper's Sect. 4.1): the kept examples' mean gradient at the learning rate times kept / micro-batches, or,
     * accumulating, the kept examples' gradients counting for the whole batch.
     */
    @Override
    public void addSteps(LocalSteps.Builder builder, int peer, int chunk, int steps) {
        int[] shard = training.shards()[peer];
        UniformRandomProvider rng = RandomStreams.stream(seed, Purpose.BATCHES, chunk, peer);
        int m = spec.microBatches();
        double[] times = dropCompute == DropCompute.OFF ? null : microBatchTimes(peer, chunk, steps);
        for (int s = 0; s < steps; s++) {
            for (int k = 0; k < batch.length; k++) {
                batch[k] = shard[rng.nextInt(shard.length)];
            }
            int kept = times == null ? m : dropCompute.keptMicroBatches(Arrays.copyOfRange(times, s * m, (s + 1) * m));
            microBatches += m;
            dropped += m - kept;
            if (builder.accumulates()) {
                builder.accumulate(batch, kept * (batch.length / m), batch.length);
            } else if (kept > 0) {
                builder.step(batch, kept * (batch.length / m), spec.learningRate() * kept / m);
            }
        }
        builder.peer(peer);
    }

    /**
     * The values of {@code measures}, in that order, after {@code rounds} (effective) rounds at simulated {@code time}:
     * the average model's loss (above the optimum, for least squares) and accuracy, the peers' spread, the utilisation
     * (the peers' {@code computing} seconds over all peers' time), the seconds per round, DropCompute's drop rate, and
     * the gradient aggregates' relative bias and error.
     */
    @Override
    public double[] measure(Backend backend, List<Measure> measures, double computing, double time, double rounds) {
        Evaluation e = backend.evaluate();
        Backend.Aggregates aggregates = measures.contains(Measure.AGGREGATE_BIAS) ? backend.aggregates() : Backend.Aggregates.NONE;
        double[] values = new double[measures.size()];
        for (int m = 0; m < values.length; m++) {
            values[m] = switch (measures.get(m)) {
                case LOSS -> e.loss();
                case EXCESS_LOSS -> e.loss() - training.optimalLoss();
                case ACCURACY -> e.accuracy();
                case SPREAD -> e.spread();
                case UTILISATION -> time > 0 ? Math.min(1, computing / (peers.size() * time)) : 0;
                case STEP_TIME -> rounds > 0 ? time / rounds : 0;
                case DROP_RATE -> microBatches == 0 ? 0 : (double) dropped / microBatches;
                case AGGREGATE_BIAS -> aggregates.bias();
                case AGGREGATE_ERROR -> aggregates.error();
                case MSE -> throw new IllegalArgumentException("a training run measures no mse");
            };
        }
        return values;
    }
}
