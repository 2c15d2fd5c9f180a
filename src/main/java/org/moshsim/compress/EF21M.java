package org.moshsim.compress;

/**
 * EF21M / EF21-SGDM (Fatkhullin, Tyurin and Richtarik 2023, "Momentum provably
 * improves error feedback!"): each peer first updates a momentum
 * v_i = (1 - eta) v_i + eta grad_i, then runs EF21 on v_i. The momentum averages out stochastic noise that
 * EF21 alone would pass into its estimates. v_i starts at the first gradient (a warm start,
 * so early steps are not biased towards zero), the estimates g_i at zero.
 */
public final class EF21M implements ErrorFeedback {
    private final double eta;
    private final float[][] momentum;
    private final EF21 ef21;
    /** Per peer: whether its momentum has seen a gradient (each peer warm-starts on its own first one). */
    private final boolean[] started;

    public EF21M(int peers, int dimension, double eta, CollectiveCompressor compressor) {
        this(new float[peers][dimension], new float[peers][dimension], new boolean[peers], eta, compressor);
    }

    /**
     * EF21M over state that the caller keeps, one row per peer (see {@link EF14#EF14(float[][], CollectiveCompressor)}):
     * momenta v_i, EF21 estimates g_i, and whether each v_i has started; {@link #step} marks every peer started.
     */
    public EF21M(float[][] momentum, float[][] estimate, boolean[] started, double eta, CollectiveCompressor compressor) {
        if (!(eta > 0 && eta <= 1)) {
            throw new IllegalArgumentException("momentum weight eta is " + eta + "; it must be in (0, 1]");
        }
        this.eta = eta;
        this.momentum = momentum;
        this.started = started;
        this.ef21 = new EF21(estimate, compressor);
    }

    @Override
    public int peers() {
        return momentum.length;
    }

    @Override
    public int dimension() {
        return momentum[0].length;
    }

    @Override
    public void step(float[][] gradients, int round, float[] aggregate) {
        PeerMean.check(gradients, peers(), dimension());
        for (int i = 0; i < momentum.length; i++) {
            double weight = started[i] ? eta : 1.0;
            for (int d = 0; d < momentum[i].length; d++) {
                momentum[i][d] = (float) ((1 - weight) * momentum[i][d] + weight * gradients[i][d]);
            }
            started[i] = true;
        }
        ef21.step(momentum, round, aggregate);
    }

    @Override
    public float[] sent(int peer) {
        return ef21.sent(peer);
    }

    /** A copy of peer {@code peer}'s momentum v_i. */
    public float[] momentum(int peer) {
        return momentum[peer].clone();
    }

    /** A copy of peer {@code peer}'s EF21 estimate g_i of its momentum. */
    public float[] estimate(int peer) {
        return ef21.estimate(peer);
    }
}
