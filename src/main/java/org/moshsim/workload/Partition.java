package org.moshsim.workload;

import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

/**
 * Which training examples each peer holds: shard p lists peer p's rows, ascending so that nothing depends on
 * iteration order. Every shard is non-empty, since a peer without data could not take a step.
 */
public final class Partition {
    private Partition() {
    }

    /** The i.i.d. case: a shuffle from the stream (seed, DATA_PARTITION, 0, 0) cut into near-equal shards. */
    public static int[][] iid(int rows, int peers, long seed) {
        checkSizes(rows, peers);
        int[] order = permutation(rows, RandomStreams.stream(seed, Purpose.DATA_PARTITION, 0, 0));
        int[] owner = new int[rows];
        for (int p = 0; p < peers; p++) {
            for (int i = (int) ((long) p * rows / peers); i < (long) (p + 1) * rows / peers; i++) {
                owner[order[i]] = p;
            }
        }
        return shards(owner, peers);
    }

    /**
     * The usual non-i.i.d. case: class c's examples, shuffled, are cut among the peers by proportions drawn from
     * Dirichlet(alpha, ..., alpha), all from the stream (seed, DATA_PARTITION, c, 1). Small alpha gives each peer
     * few classes, large alpha nearly the global mix. Then each empty peer, in order, takes the highest-numbered
     * example of the largest shard (the lowest-numbered peer among equals).
     */
    public static int[][] dirichlet(float[] labels, int classes, int peers, double alpha, long seed) {
        checkSizes(labels.length, peers);
        if (classes < 1 || !(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("a Dirichlet partition needs classes >= 1 and a finite alpha > 0, not "
                    + classes + " classes and alpha " + alpha);
        }
        for (int i = 0; i < labels.length; i++) {
            if (!(labels[i] >= 0 && labels[i] < classes && labels[i] == (int) labels[i])) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is not a class");
            }
        }
        int[] owner = new int[labels.length];
        int[] size = new int[peers];
        for (int c = 0; c < classes; c++) {
            UniformRandomProvider rng = RandomStreams.stream(seed, Purpose.DATA_PARTITION, c, 1);
            ContinuousSampler gamma = AhrensDieterMarsagliaTsangGammaSampler.of(rng, alpha, 1);
            double[] cumulative = new double[peers];
            double total = 0;
            for (int p = 0; p < peers; p++) {
                total += gamma.sample();
                cumulative[p] = total;
            }
            int label = c;
            int[] members = permute(IntStream.range(0, labels.length).filter(i -> labels[i] == label).toArray(), rng);
            for (int p = 0, k = 0; p < peers; p++) {
                double share = total > 0 ? cumulative[p] / total : (p + 1.0) / peers;
                int end = p == peers - 1 ? members.length : (int) (share * members.length);
                for (; k < end; k++) {
                    owner[members[k]] = p;
                    size[p]++;
                }
            }
        }
        for (int p = 0; p < peers; p++) {
            if (size[p] == 0) {
                int donor = 0;
                for (int q = 1; q < peers; q++) {
                    donor = size[q] > size[donor] ? q : donor;
                }
                int row = owner.length - 1;
                while (owner[row] != donor) {
                    row--;
                }
                owner[row] = p;
                size[donor]--;
                size[p]++;
            }
        }
        return shards(owner, peers);
    }

    private static void checkSizes(int rows, int peers) {
        if (peers < 1 || rows < peers) {
            throw new IllegalArgumentException(peers + " peers need at least " + peers
                    + " training examples, the dataset has " + rows);
        }
    }

    private static int[][] shards(int[] owner, int peers) {
        int[][] shards = new int[peers][];
        int[] size = new int[peers];
        for (int p : owner) {
            size[p]++;
        }
        for (int p = 0; p < peers; p++) {
            shards[p] = new int[size[p]];
            size[p] = 0;
        }
        for (int row = 0; row < owner.length; row++) {
            shards[owner[row]][size[owner[row]]++] = row;
        }
        return shards;
    }

    /** 0..n-1 in the order of a Fisher-Yates shuffle on rng. */
    static int[] permutation(int n, UniformRandomProvider rng) {
        return permute(IntStream.range(0, n).toArray(), rng);
    }

    private static int[] permute(int[] values, UniformRandomProvider rng) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int v = values[i];
            values[i] = values[j];
            values[j] = v;
        }
        return values;
    }
}
