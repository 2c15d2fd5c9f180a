package org.moshsim.compress;

/**
 * EF21 (Richtarik, Sokolov and Fatkhullin 2021): each peer keeps an estimate g_i of its gradient,
 * which the receivers track too; it sends c_i = C(grad_i - g_i) and both sides set g_i += c_i. The aggregate
 * is the mean of the g_i. With a delta-contractive C, ||grad_i - g_i|| shrinks by sqrt(1 - delta) per step
 * plus the change of grad_i, so it vanishes for a constant gradient. Estimates start at zero.
 */
public final class EF21 implements ErrorFeedback {
    private final CollectiveCompressor compressor;
    private final float[][] estimate;
    private final float[][] difference;
    private final float[][] sent;

    public EF21(int peers, int dimension, CollectiveCompressor compressor) {
        this(new float[peers][dimension], compressor);
    }

    /** EF21 over estimate rows that the caller keeps, one per peer (see {@link EF14#EF14(float[][], CollectiveCompressor)}). */
    public EF21(float[][] estimate, CollectiveCompressor compressor) {
        this.compressor = compressor;
        this.estimate = estimate;
        this.difference = new float[estimate.length][estimate[0].length];
        this.sent = new float[estimate.length][estimate[0].length];
    }

    @Override
    public int peers() {
        return estimate.length;
    }

    @Override
    public int dimension() {
        return estimate[0].length;
    }

    @Override
    public void step(float[][] gradients, int round, float[] aggregate) {
        PeerMean.check(gradients, peers(), dimension());
        for (int i = 0; i < estimate.length; i++) {
            for (int d = 0; d < estimate[i].length; d++) {
                difference[i][d] = gradients[i][d] - estimate[i][d];
            }
        }
        compressor.compress(difference, sent, round);
        for (int i = 0; i < estimate.length; i++) {
            for (int d = 0; d < estimate[i].length; d++) {
                estimate[i][d] += sent[i][d];
            }
        }
        PeerMean.of(estimate, aggregate);
    }

    @Override
    public float[] sent(int peer) {
        return sent[peer].clone();
    }

    /** A copy of peer {@code peer}'s estimate g_i, which the receivers hold as well. */
    public float[] estimate(int peer) {
        return estimate[peer].clone();
    }
}
