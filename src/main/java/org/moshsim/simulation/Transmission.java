package org.moshsim.simulation;

import org.moshsim.compress.Compression;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.Scenario;
import org.moshsim.lossy.LossyLinks;
import org.moshsim.lossy.LossyRound;
import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Plan;
import org.moshsim.plan.SparseMixing;

/**
 * How a run's plans cross the network, set on each plan so that the network model (to price it) and the backend (to
 * compute it) both see it: through the run's compression (a codec for averaging; anything for a gradient exchange),
 * over its lossy links (null: lossless), a gradient exchange stepping at the learning rate.
 */
record Transmission(Compression compression, LossyLinks packetLoss, long seed, double learningRate) {
    /**
     * The transmission of {@code spec}'s run of {@code scenario} at {@code seed}: its own compression (a training
     * protocol's) or the scenario's, the scenario's links, the peers' learning rate (NaN: they do not train).
     */
    static Transmission of(Scenario scenario, ProtocolSpec spec, long seed, double learningRate) {
        Compression compression = spec instanceof ProtocolSpec.Trained trained && trained.compression() != null
                ? trained.compression() : scenario.compression();
        return new Transmission(compression, scenario.packetLoss(), seed, learningRate);
    }

    /**
     * The plan, of the same kind, as sent in round {@code round}: a synchronous round, or the asynchronous run's count of
     * averaging plans applied so far, which picks the lossy links' streams. Local steps send nothing.
     */
    @SuppressWarnings("unchecked")
    <P extends Plan> P sent(P plan, int round) {
        LossyRound loss = packetLoss == null ? null : packetLoss.at(seed, round);
        if (plan instanceof GradientExchange exchange) {
            return (P) exchange.with(compression, loss, learningRate);
        }
        if (compression.codec() == null && loss == null) {
            return plan;
        }
        if (plan instanceof GroupAveraging groups) {
            return (P) groups.withCodec(compression.codec()).withLoss(loss);
        }
        return plan instanceof SparseMixing mixing ? (P) mixing.withCodec(compression.codec()).withLoss(loss) : plan;
    }
}
