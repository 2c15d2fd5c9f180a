package org.moshsim.training;

import java.util.List;
import org.moshsim.Measure;
import org.moshsim.backend.Backend;
import org.moshsim.plan.LocalSteps;
import org.moshsim.swarm.Peers;

/**
 * The local work of peers that average values: each computes for the scenario's {@code compute} seconds at its speed
 * before every exchange and changes nothing; a peer back from churn keeps the values it left with. A run of them
 * measures the mse to the true average and, where lossy links let members drift apart, their {@link Spread}.
 */
final class Computing implements LocalWork {
    /** Seconds of each peer's compute. */
    private final double[] seconds;

    Computing(double compute, Peers peers) {
        this.seconds = new double[peers.size()];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = compute / peers.speed(i);
        }
    }

    @Override
    public double seconds(int peer, int chunk, int steps, boolean computes) {
        return seconds[peer];
    }

    @Override
    public LocalSteps.Builder steps(boolean accumulate) {
        return null;
    }

    @Override
    public void addSteps(LocalSteps.Builder builder, int peer, int chunk, int steps) {
        throw new IllegalStateException("peers that average values take no steps");
    }

    @Override
    public boolean downloadsOnReturn() {
        return false;
    }

    @Override
    public double learningRate() {
        return Double.NaN;
    }

    @Override
    public void endRound(int round, int steps, double communication) {
    }

    @Override
    public double[] measure(Backend backend, List<Measure> measures, double computing, double time, double rounds) {
        double[] values = new double[measures.size()];
        for (int m = 0; m < values.length; m++) {
            values[m] = switch (measures.get(m)) {
                case MSE -> backend.meanSquaredError();
                case SPREAD -> Spread.of(backend.snapshot());
                default -> throw new IllegalArgumentException("an averaging run measures no " + measures.get(m));
            };
        }
        return values;
    }
}
