package org.moshsim.compress;

/** The mean over peers of their vectors, summed in float64 in peer order (so it is deterministic). */
final class PeerMean {
    private PeerMean() {
    }

    static void of(float[][] vectors, float[] out) {
        for (int d = 0; d < out.length; d++) {
            double sum = 0;
            for (float[] v : vectors) {
                sum += v[d];
            }
            out[d] = (float) (sum / vectors.length);
        }
    }

    static void check(float[][] vectors, int peers, int dimension) {
        if (vectors.length != peers) {
            throw new IllegalArgumentException(vectors.length + " gradients for " + peers + " peers; give one per peer");
        }
        for (float[] v : vectors) {
            if (v.length != dimension) {
                throw new IllegalArgumentException("a gradient has " + v.length + " values; the dimension is " + dimension);
            }
        }
    }
}
