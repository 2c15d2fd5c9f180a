package org.moshsim.backend.cpu;

import java.util.Arrays;
import org.moshsim.BadInput;
import org.moshsim.backend.Backend;
import org.moshsim.backend.Task;
import org.moshsim.compress.Codec;
import org.moshsim.compress.Compression;
import org.moshsim.lossy.Aggregate;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyRound;
import org.moshsim.lossy.PacketLoss;
import org.moshsim.lossy.ParameterBroadcast;
import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.LocalSteps;
import org.moshsim.plan.Optimizer;

/**
 * The CPU arithmetic of training by gradient exchange, and the state it keeps for one run next to the peers' rows: each
 * peer's accumulated gradient (float64) and example count, its error-feedback rows (float32: e_i, g_i, or v_i and g_i),
 * the parameter server's copy of the parameters, and the aggregates' relative bias and error so far. All of it is
 * allocated on first use and forgotten by {@link #reset}. One task per stepping peer or per group, each writing only
 * its own rows and its own partial sums, combined in group order: results never depend on the threads.
 */
final class GradientExchanges {
    private int peers;
    private int dim;
    private double[][] accumulated;
    private double[] examples;
    private float[][] feedbackFirst;
    private float[][] feedbackSecond;
    private boolean[] feedbackStarted;
    private float[] server;
    /** Per peer, and for the parameter server in the last slot; null until a step needs state. */
    private OptimizerStates optimizers;
    private Task task;
    private double biasSum;
    private double errorSum;
    private long samples;

    /** Forgets everything: a new run of {@code peers} rows of {@code dim} values starts. */
    void reset(int peers, int dim) {
        this.peers = peers;
        this.dim = dim;
        accumulated = null;
        examples = null;
        feedbackFirst = null;
        feedbackSecond = null;
        feedbackStarted = null;
        server = null;
        optimizers = null;
        biasSum = 0;
        errorSum = 0;
        samples = 0;
    }

    /** The mean relative bias and error of the aggregates applied so far (NaN before the first). */
    Backend.Aggregates aggregates() {
        return samples == 0 ? Backend.Aggregates.NONE : new Backend.Aggregates(biasSum / samples, errorSum / samples);
    }

    /** Each stepping peer adds its batches' summed gradients, at its de-biased model, to its accumulator. */
    void accumulate(Task task, LocalSteps plan, Rows values, double[] weights, LossyPlans.Tasks tasks) {
        if (accumulated == null) {
            accumulated = allocate("gradient accumulators", peers, dim);
            examples = new double[peers];
        }
        tasks.run(plan.peers().length, p -> {
            int peer = plan.peers()[p];
            examples[peer] += ModelKernels.accumulate(task, plan, p, values.block(peer), values.offset(peer), weights[peer],
                    accumulated[peer]);
        });
    }

    /** Executes a gradient exchange; see {@link GradientExchange} for what each group and each other peer does. */
    void exchange(GradientExchange plan, Task task, Rows values, double[] weights, LossyPlans.Tasks tasks) {
        if (Double.isNaN(plan.learningRate())) {
            throw new IllegalStateException("a gradient exchange needs its learning rate");
        }
        this.task = task;
        optimizers(plan.optimizer());
        if (accumulated == null) {
            return; // nobody has accumulated anything yet
        }
        if (plan.compression() instanceof Compression.Sparsified sparse && sparse.feedback().rows() > 0 && feedbackFirst == null) {
            feedbackFirst = new float[peers][];
            feedbackSecond = sparse.feedback().rows() > 1 ? new float[peers][] : null;
            feedbackStarted = new boolean[peers];
        }
        int groups = plan.groupCount();
        double[][] partial = new double[groups][3];
        boolean[] handled = new boolean[peers];
        for (int k = 0; k < plan.members().length; k++) {
            handled[plan.members()[k]] = true;
        }
        tasks.run(groups, g -> {
            int[] members = plan.group(g);
            if (plan.failed(g)) {
                for (int member : members) {
                    if (plan.failureDropsGradients()) {
                        clear(member);
                    } else {
                        stepAlone(plan, member, values, weights);
                    }
                }
            } else {
                partial[g] = group(plan, members, values, weights);
            }
        });
        for (double[] p : partial) {
            biasSum += p[0];
            errorSum += p[1];
            samples += (long) p[2];
        }
        // Peers that accumulated but met nobody step with their own gradient, as hivemind's peers do.
        tasks.run(peers, i -> {
            if (!handled[i] && examples[i] > 0) {
                stepAlone(plan, i, values, weights);
            }
        });
    }

    /** One completed group: its aggregate(s), applied; returns the sums of relative bias and error, and their count. */
    private double[] group(GradientExchange plan, int[] members, Rows values, double[] weights) {
        int n = members.length;
        double total = 0;
        for (int member : members) {
            total += examples[member];
        }
        if (total == 0) {
            return new double[3];
        }
        float[][] sent = new float[n][dim];
        double[] exact = new double[dim];
        for (int k = 0; k < n; k++) {
            double[] sum = accumulated[members[k]];
            double count = examples[members[k]];
            double weight = n * count / total;
            for (int j = 0; j < dim; j++) {
                double mean = count == 0 ? 0 : sum[j] / count;
                sent[k][j] = (float) (weight == 1.0 ? mean : mean * weight);
                exact[j] += sum[j];
            }
        }
        for (int j = 0; j < dim; j++) {
            exact[j] /= total;
        }
        LossyRound loss = plan.loss();
        boolean lossless = loss == null || loss.exact();
        double[] statistics = new double[3];
        float[][] decoded = lossless ? null : decoded(plan.compression().codec(), sent);
        if (plan.collective() instanceof GradientExchange.Collective.ParameterServer) {
            float[] aggregate = lossless ? aggregate(plan, members, sent) : lossy(plan, members, decoded, PacketLoss.EXTERNAL);
            measure(aggregate, exact, statistics);
            serve(plan, members, aggregate, values, weights);
        } else if (lossless) {
            float[] aggregate = aggregate(plan, members, sent);
            for (int member : members) {
                measure(aggregate, exact, statistics);
                step(plan, member, aggregate, values, weights);
            }
        } else {
            // Every member aggregates what reached it, from the others' (decoded) rows: all are computed first.
            float[][] own = new float[n][];
            for (int k = 0; k < n; k++) {
                own[k] = lossy(plan, members, decoded, k);
            }
            for (int k = 0; k < n; k++) {
                measure(own[k], exact, statistics);
                step(plan, members[k], own[k], values, weights);
            }
        }
        for (int member : members) {
            clear(member);
        }
        return statistics;
    }

    /** The group's aggregate through its compression, with the members' error-feedback rows (if it keeps any). */
    private float[] aggregate(GradientExchange plan, int[] members, float[][] sent) {
        float[] aggregate = new float[dim];
        Compression.FeedbackRows memory = feedbackFirst == null ? null : memory(members);
        plan.compression().aggregate(sent, memory, plan.seed(), plan.round(), aggregate);
        if (memory != null) {
            for (int k = 0; k < members.length; k++) {
                feedbackStarted[members[k]] = memory.started()[k];
            }
        }
        return aggregate;
    }

    /** Views of the members' error-feedback rows (allocated on a peer's first exchange), in member order. */
    private Compression.FeedbackRows memory(int[] members) {
        float[][] first = new float[members.length][];
        float[][] second = feedbackSecond == null ? null : new float[members.length][];
        boolean[] started = new boolean[members.length];
        for (int k = 0; k < members.length; k++) {
            int member = members[k];
            if (feedbackFirst[member] == null) {
                feedbackFirst[member] = new float[dim];
                if (second != null) {
                    feedbackSecond[member] = new float[dim];
                }
            }
            first[k] = feedbackFirst[member];
            if (second != null) {
                second[k] = feedbackSecond[member];
            }
            started[k] = feedbackStarted[member];
        }
        return new Compression.FeedbackRows(first, second, started);
    }

    /** What the members' rows are when they arrive: their codec's round trips (null: the rows as sent). */
    private float[][] decoded(Codec codec, float[][] sent) {
        if (codec == null) {
            return sent;
        }
        float[][] rows = new float[sent.length][dim];
        for (int k = 0; k < sent.length; k++) {
            codec.roundTrip(sent[k], 0, dim, rows[k], 0);
        }
        return rows;
    }

    /**
     * What the member at {@code receiver} (its place in the group, or {@link PacketLoss#EXTERNAL}: the server) aggregates
     * from the packets of the members' decoded rows that reach it.
     */
    private float[] lossy(GradientExchange plan, int[] members, float[][] rows, int receiver) {
        LossyRound loss = plan.loss();
        LossyAggregation aggregation = loss.aggregation();
        Aggregate result = aggregation.aggregate(rows, members, receiver, loss.links().loss(), loss.layout(), loss.seed(),
                loss.round(), null);
        float[] aggregate = new float[dim];
        for (int j = 0; j < dim; j++) {
            aggregate[j] = (float) result.values()[j];
        }
        return aggregate;
    }

    /**
     * The parameter server steps its own copy (taken from the first member's model when it starts) and broadcasts it:
     * every member's row becomes the server's, except, over lossy links without retransmission, where a packet is lost.
     */
    private void serve(GradientExchange plan, int[] members, float[] aggregate, Rows values, double[] weights) {
        if (server == null) {
            server = new float[dim];
            int first = members[0];
            for (int j = 0; j < dim; j++) {
                server[j] = (float) (values.block(first)[values.offset(first) + j] / weights[first]);
            }
        }
        optimizers().step(plan.optimizer(), peers, task, server, 0, 1.0, aggregate, plan.learningRate());
        float[][] replicas = new float[members.length][dim];
        LossyRound loss = plan.loss();
        for (int k = 0; k < members.length; k++) {
            int member = members[k];
            float[] block = values.block(member);
            int offset = values.offset(member);
            for (int j = 0; j < dim; j++) {
                replicas[k][j] = loss == null || loss.exact() ? server[j] : (float) (block[offset + j] / weights[member]);
            }
        }
        if (loss != null && !loss.exact()) {
            ParameterBroadcast.broadcast(server, replicas, members, PacketLoss.EXTERNAL, loss.links().loss(), loss.layout(),
                    loss.seed(), loss.round());
        }
        for (int k = 0; k < members.length; k++) {
            int member = members[k];
            float[] block = values.block(member);
            int offset = values.offset(member);
            for (int j = 0; j < dim; j++) {
                block[offset + j] = (float) (replicas[k][j] * weights[member]);
            }
        }
    }

    /** A peer whose exchange did not happen steps with its own accumulated gradient. */
    private void stepAlone(GradientExchange plan, int peer, Rows values, double[] weights) {
        if (examples[peer] > 0) {
            float[] own = new float[dim];
            for (int j = 0; j < dim; j++) {
                own[j] = (float) (accumulated[peer][j] / examples[peer]);
            }
            step(plan, peer, own, values, weights);
        }
        clear(peer);
    }

    /** The plan's optimizer step with {@code aggregate} at the peer's de-biased model, rounded to float32 as a local step is. */
    private void step(GradientExchange plan, int peer, float[] aggregate, Rows values, double[] weights) {
        optimizers().step(plan.optimizer(), peer, task, values.block(peer), values.offset(peer), weights[peer], aggregate,
                plan.learningRate());
    }

    /** Plain SGD keeps no state: a stand-in that is never written. */
    private OptimizerStates optimizers() {
        return optimizers != null ? optimizers : NO_STATE;
    }

    /**
     * The peers' optimizer states (and the parameter server's, in the last slot), shared by local steps and gradient
     * exchanges; allocated when {@code optimizer} first needs state.
     */
    OptimizerStates optimizers(Optimizer optimizer) {
        if (optimizer.stateRows() > 0 && optimizers == null) {
            optimizers = new OptimizerStates(peers + 1, dim);
        }
        return optimizers();
    }

    private static final OptimizerStates NO_STATE = new OptimizerStates(0, 0);

    /**
     * Returning peers download: {@code peers[k]} takes {@code sources[k]}'s optimizer state and forgets what it had
     * accumulated (the rows themselves are copied by the caller).
     */
    void download(int[] downloading, int[] sources) {
        for (int k = 0; k < downloading.length; k++) {
            if (optimizers != null) {
                optimizers.copy(sources[k], downloading[k]);
            }
            if (accumulated != null) {
                clear(downloading[k]);
            }
        }
    }

    private void clear(int peer) {
        Arrays.fill(accumulated[peer], 0.0);
        examples[peer] = 0;
    }

    /** Adds one aggregate's relative bias {@code <a - g, g> / |g|^2} and relative error {@code |a - g| / |g|} against g. */
    static void measure(float[] aggregate, double[] exact, double[] statistics) {
        double along = 0;
        double squared = 0;
        double norm = 0;
        for (int j = 0; j < exact.length; j++) {
            double d = aggregate[j] - exact[j];
            along += d * exact[j];
            squared += d * d;
            norm += exact[j] * exact[j];
        }
        if (norm > 0) {
            statistics[0] += along / norm;
            statistics[1] += Math.sqrt(squared / norm);
            statistics[2]++;
        }
    }

    private static double[][] allocate(String purpose, int rows, int dim) {
        try {
            return new double[rows][dim];
        } catch (OutOfMemoryError e) {
            throw new BadInput(String.format("%s for %d x %d values need %.1f GiB that do not fit; lower peers, or give Java "
                    + "more memory (JAVA_OPTS=-Xmx...)", purpose, rows, dim, 8.0 * rows * dim / 0x1p30));
        }
    }
}
