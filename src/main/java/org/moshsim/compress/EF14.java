package org.moshsim.compress;

/**
 * Classic error feedback (Seide et al. 2014; Stich, Cordonnier and Jaggi 2018): each peer keeps the error
 * e_i of what it has not yet sent, e_i += g_i, c_i = C(e_i), e_i -= c_i, and sends c_i; the aggregate is the
 * mean of the c_i. So the sum of what a peer sent equals the sum of its gradients minus e_i, and with a
 * delta-contractive C, ||e_i|| <= q G / (1 - q) with q = sqrt(1 - delta) and G = max ||g_i||.
 */
public final class EF14 implements ErrorFeedback {
    private final CollectiveCompressor compressor;
    private final float[][] error;
    private final float[][] sent;

    public EF14(int peers, int dimension, CollectiveCompressor compressor) {
        this(new float[peers][dimension], compressor);
    }

    /**
     * Error feedback over rows of error that the caller keeps, one per peer: a backend's per-peer memory, viewed for
     * the members of one exchange, so that each peer's e_i outlives the groups it meets.
     */
    public EF14(float[][] error, CollectiveCompressor compressor) {
        this.compressor = compressor;
        this.error = error;
        this.sent = new float[error.length][error[0].length];
    }

    @Override
    public int peers() {
        return error.length;
    }

    @Override
    public int dimension() {
        return error[0].length;
    }

    @Override
    public void step(float[][] gradients, int round, float[] aggregate) {
        PeerMean.check(gradients, peers(), dimension());
        for (int i = 0; i < error.length; i++) {
            for (int d = 0; d < error[i].length; d++) {
                error[i][d] += gradients[i][d];
            }
        }
        compressor.compress(error, sent, round);
        for (int i = 0; i < error.length; i++) {
            for (int d = 0; d < error[i].length; d++) {
                error[i][d] -= sent[i][d];
            }
        }
        PeerMean.of(sent, aggregate);
    }

    @Override
    public float[] sent(int peer) {
        return sent[peer].clone();
    }

    /** A copy of peer {@code peer}'s accumulated error e_i. */
    public float[] error(int peer) {
        return error[peer].clone();
    }
}
