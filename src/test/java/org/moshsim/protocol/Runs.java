package org.moshsim.protocol;

import java.util.List;
import org.moshsim.backend.Backend;
import org.moshsim.backend.cpu.CpuBackend;
import org.moshsim.config.FailureSemantics;
import org.moshsim.config.FailureSpec;
import org.moshsim.config.InitSpec;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.Scenario;
import org.moshsim.simulation.Simulation;

/** Small helpers that run protocols on the CPU backend for tests. */
final class Runs {
    private Runs() {
    }

    static Scenario scenario(int peers, int dim, int rounds, double p, FailureSemantics semantics) {
        return new Scenario(peers, dim, rounds, new InitSpec.Normal(0, 1), new FailureSpec(p, semantics));
    }

    static double[] mse(ProtocolSpec spec, int peers, int rounds, double p, long seed) {
        return Simulation.run(scenario(peers, 1, rounds, p, FailureSemantics.EXCLUDE), spec, seed, new CpuBackend(null)).mse();
    }

    static ProtocolSpec moshpit(ProtocolSpec.Variant variant, Integer... sides) {
        return new ProtocolSpec.Moshpit("moshpit", variant, List.of(sides));
    }

    /** The sum over peers of each value column and of the weights, in float64. */
    static double[] mass(Backend backend) {
        var snapshot = backend.snapshot();
        double[] mass = new double[snapshot.dim() + 1];
        for (int i = 0; i < snapshot.peers(); i++) {
            for (int j = 0; j < snapshot.dim(); j++) {
                mass[j] += snapshot.values()[i * snapshot.dim() + j];
            }
            mass[snapshot.dim()] += snapshot.weights()[i];
        }
        return mass;
    }
}
