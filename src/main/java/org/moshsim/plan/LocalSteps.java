package org.moshsim.plan;

import java.util.Arrays;

/**
 * Local SGD steps: peer {@code peers[p]} takes steps {@code stepOffsets[p] .. stepOffsets[p + 1] - 1} in order,
 * step s on the training examples {@code examples[batchOffsets[s] .. batchOffsets[s + 1] - 1]}, each
 * {@code params -= learningRates[s] * gradient} of the mean batch loss at the peer's de-biased model (a step
 * that kept only part of its nominal batch, as under DropCompute, has its rate scaled down). Peers are
 * distinct; a peer's steps read only its own row, so every peer's steps can run at once.
 */
public record LocalSteps(int[] peers, int[] stepOffsets, int[] batchOffsets, int[] examples, double[] learningRates)
        implements Plan {
    public LocalSteps {
        if (stepOffsets.length != peers.length + 1 || batchOffsets.length != stepOffsets[peers.length] + 1
                || batchOffsets[batchOffsets.length - 1] != examples.length || learningRates.length != batchOffsets.length - 1) {
            throw new IllegalArgumentException("peers, steps, batches and examples do not nest");
        }
    }

    /** Collects steps peer by peer. */
    public static final class Builder {
        private final double learningRate;
        private double[] learningRates = new double[16];
        private int[] peers = new int[16];
        private int[] stepOffsets = new int[17];
        private int[] batchOffsets = new int[17];
        private int[] examples = new int[64];
        private int peerCount;
        private int steps;
        private int size;

        public Builder(double learningRate) {
            this.learningRate = learningRate;
        }

        /** Adds one step of the peer being collected, on {@code batch[0 .. length - 1]}, at the builder's learning rate. */
        public Builder step(int[] batch, int length) {
            return step(batch, length, learningRate);
        }

        /** Adds one step of the peer being collected, on {@code batch[0 .. length - 1]}, at its own learning rate. */
        public Builder step(int[] batch, int length, double rate) {
            if (size + length > examples.length) {
                examples = Arrays.copyOf(examples, Math.max(2 * examples.length, size + length));
            }
            System.arraycopy(batch, 0, examples, size, length);
            size += length;
            if (steps + 2 > batchOffsets.length) {
                batchOffsets = Arrays.copyOf(batchOffsets, 2 * batchOffsets.length);
            }
            if (steps == learningRates.length) {
                learningRates = Arrays.copyOf(learningRates, 2 * learningRates.length);
            }
            learningRates[steps] = rate;
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

        public LocalSteps build() {
            return new LocalSteps(Arrays.copyOf(peers, peerCount), Arrays.copyOf(stepOffsets, peerCount + 1),
                    Arrays.copyOf(batchOffsets, steps + 1), Arrays.copyOf(examples, size), Arrays.copyOf(learningRates, steps));
        }
    }
}
