package org.moshsim.compress;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

/**
 * Random draws every peer makes identically: streams (seed, COMPRESSION, round, b) with b negative, so they
 * never meet a per-peer stream (seed, COMPRESSION, round, peer >= 0).
 */
final class SharedDraws {
    static final int RAND_K = -1;
    static final int SKETCH = -2;

    private SharedDraws() {
    }

    static UniformRandomProvider stream(long seed, int round, int which) {
        return RandomStreams.stream(seed, Purpose.COMPRESSION, round, which);
    }

    /** k distinct indices of [0, length), uniformly, by a partial Fisher-Yates shuffle; in increasing order. */
    static int[] distinctIndices(long seed, int round, int length, int k) {
        UniformRandomProvider rng = stream(seed, round, RAND_K);
        int[] all = new int[length];
        for (int j = 0; j < length; j++) {
            all[j] = j;
        }
        for (int i = 0; i < k; i++) {
            int pick = i + rng.nextInt(length - i);
            int swap = all[i];
            all[i] = all[pick];
            all[pick] = swap;
        }
        int[] indices = Arrays.copyOf(all, k);
        Arrays.sort(indices);
        return indices;
    }

    /** Independent standard normal values by Box-Muller (StrictMath, so identical on every machine). */
    static double[] normals(long seed, int round, int count) {
        UniformRandomProvider rng = stream(seed, round, SKETCH);
        double[] values = new double[count];
        for (int j = 0; j < count; j += 2) {
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(RandomStreams.openUniform(rng.nextInt())));
            double t = 2.0 * StrictMath.PI * RandomStreams.openUniform(rng.nextInt());
            values[j] = r * StrictMath.cos(t);
            if (j + 1 < count) {
                values[j + 1] = r * StrictMath.sin(t);
            }
        }
        return values;
    }
}
