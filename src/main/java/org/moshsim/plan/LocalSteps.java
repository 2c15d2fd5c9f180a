package org.moshsim.plan;

import java.util.Arrays;

/**
 * Local SGD steps: peer {@code peers[p]} takes steps {@code stepOffsets[p] .. stepOffsets[p + 1] - 1} in order,
 * step s on the training examples {@code examples[batchOffsets[s] .. batchOffsets[s + 1] - 1]}, each
 * {@code params -= learningRates[s] * gradient} of the mean batch loss at the peer's de-biased model, or the
 * {@link Optimizer}'s step with that gradient (null reads as SGD; its state is the peer's own, kept by the backend, the
 * same state a {@link GradientExchange}'s optimizer steps) (a step
 * that kept only part of its nominal batch, as under DropCompute, has its rate scaled down). Peers are
 * distinct; a peer's steps read only its own row, so every peer's steps can run at once.
 *
 * <p>In accumulate mode ({@code counts} instead of learning rates) the peer's row stays as it is: each step adds its
 * batch's summed gradient (the examples' gradients plus the l2 term for each) to the peer's gradient accumulator and
 * {@code counts[s]} to the peer's example count, for a later {@link GradientExchange}. The count is the examples the
 * step stands for: its batch, or under DropCompute the nominal batch, so that dropped micro-batches weigh as zero
 * gradients (Giladi et al. 2023, Sect. 4.1). An aggregate divided by the counts is a sample-weighted mean: a peer that
 * processed twice the examples weighs twice as much.
 */
public record LocalSteps(int[] peers, int[] stepOffsets, int[] batchOffsets, int[] examples, double[] learningRates,
                         double[] counts, Optimizer optimizer) implements Plan {
    public LocalSteps {
        optimizer = optimizer == null ? Optimizer.SGD : optimizer;
        double[] perStep = learningRates != null ? learningRates : counts;
        if ((learningRates == null) == (counts == null)) {
            throw new IllegalArgumentException("give learning rates (steps) or counts (accumulation), not both");
        }
        if (stepOffsets.length != peers.length + 1 || batchOffsets.length != stepOffsets[peers.length] + 1
                || batchOffsets[batchOffsets.length - 1] != examples.length || perStep.length != batchOffsets.length - 1) {
            throw new IllegalArgumentException("peers, steps, batches and examples do not nest");
        }
    }

    /** SGD steps on the peers' rows. */
    public LocalSteps(int[] peers, int[] stepOffsets, int[] batchOffsets, int[] examples, double[] learningRates) {
        this(peers, stepOffsets, batchOffsets, examples, learningRates, null, Optimizer.SGD);
    }

    /** Whether the steps accumulate gradients instead of stepping. */
    public boolean accumulates() {
        return counts != null;
    }

    /** Collects steps peer by peer; {@linkplain #clear() cleared}, it collects the next plan in the same arrays. */
    public static final class Builder {
        private final double learningRate;
        private final Optimizer optimizer;
        private final boolean accumulate;
        /** Per step: its learning rate, or (accumulating) the examples it counts for. */
        private double[] perStep = new double[16];
        private int[] peers = new int[16];
        private int[] stepOffsets = new int[17];
        private int[] batchOffsets = new int[17];
        private int[] examples = new int[64];
        private int peerCount;
        private int steps;
        private int size;

        /** SGD steps at this learning rate. */
        public Builder(double learningRate) {
            this(learningRate, Optimizer.SGD);
        }

        /** Steps of this optimizer at this learning rate. */
        public Builder(double learningRate, Optimizer optimizer) {
            this.learningRate = learningRate;
            this.optimizer = optimizer;
            this.accumulate = false;
        }

        private Builder() {
            this.learningRate = Double.NaN;
            this.optimizer = Optimizer.SGD;
            this.accumulate = true;
        }

        /** Steps that accumulate gradients (each added with the examples it counts for). */
        public static Builder accumulating() {
            return new Builder();
        }

        /** Adds one step of the peer being collected, on {@code batch[0 .. length - 1]}, at the builder's learning rate. */
        public Builder step(int[] batch, int length) {
            return step(batch, length, learningRate);
        }

        /** Adds one step of the peer being collected, on {@code batch[0 .. length - 1]}, at its own learning rate. */
        public Builder step(int[] batch, int length, double rate) {
            if (accumulate) {
                throw new IllegalStateException("this builder accumulates gradients; use accumulate()");
            }
            return add(batch, length, rate);
        }

        /** Adds one accumulating step of the peer being collected, on {@code batch[0 .. length - 1]}, counting for {@code count} examples. */
        public Builder accumulate(int[] batch, int length, double count) {
            if (!accumulate) {
                throw new IllegalStateException("this builder takes SGD steps; use step()");
            }
            return add(batch, length, count);
        }

        /** Whether the plan will accumulate gradients rather than step. */
        public boolean accumulates() {
            return accumulate;
        }

        private Builder add(int[] batch, int length, double value) {
            if (size + length > examples.length) {
                examples = Arrays.copyOf(examples, Math.max(2 * examples.length, size + length));
            }
            System.arraycopy(batch, 0, examples, size, length);
            size += length;
            if (steps + 2 > batchOffsets.length) {
                batchOffsets = Arrays.copyOf(batchOffsets, 2 * batchOffsets.length);
            }
            if (steps == perStep.length) {
                perStep = Arrays.copyOf(perStep, 2 * perStep.length);
            }
            perStep[steps] = value;
            batchOffsets[++steps] = size;
            return this;
        }

        /** Closes the steps added since the last peer as {@code peer}'s. */
        public Builder peer(int peer) {
            if (peerCount == peers.length) {
                peers = Arrays.copyOf(peers, 2 * peers.length);
                stepOffsets = Arrays.copyOf(stepOffsets, peers.length + 1);
            }
            peers[peerCount++] = peer;
            stepOffsets[peerCount] = steps;
            return this;
        }

        public boolean isEmpty() {
            return peerCount == 0;
        }

        /** Forgets every step collected, keeping the arrays for the next plan. */
        public Builder clear() {
            peerCount = 0;
            steps = 0;
            size = 0;
            return this;
        }

        public LocalSteps build() {
            double[] rates = Arrays.copyOf(perStep, steps);
            return new LocalSteps(Arrays.copyOf(peers, peerCount), Arrays.copyOf(stepOffsets, peerCount + 1),
                    Arrays.copyOf(batchOffsets, steps + 1), Arrays.copyOf(examples, size), accumulate ? null : rates,
                    accumulate ? rates : null, optimizer);
        }
    }
}
