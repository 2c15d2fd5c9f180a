package org.moshsim.simulation;

import org.moshsim.compress.Compression;
import org.moshsim.config.LearningRateSchedule;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.Scenario;
import org.moshsim.config.TrainingSpec;
import org.moshsim.lossy.LossyLinks;
import org.moshsim.lossy.LossyRound;
import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Optimizer;
import org.moshsim.plan.Plan;
import org.moshsim.plan.SparseMixing;

/**
 * How a run's plans cross the network, set on each plan so that the network model (to price it) and the backend (to
 * compute it) both see it: through the run's compression (a codec for averaging, or in groups a compressed all-reduce;
 * anything for a gradient exchange), over its lossy links (null: lossless), a gradient exchange stepping by the training's
 * optimizer at the learning rate times the schedule's factor on the round (the global step).
 */
record Transmission(Compression compression, LossyLinks packetLoss, long seed, double learningRate, LearningRateSchedule schedule,
                    Optimizer optimizer) {
    /** At a constant learning rate, by SGD. */
    Transmission(Compression compression, LossyLinks packetLoss, long seed, double learningRate) {
        this(compression, packetLoss, seed, learningRate, LearningRateSchedule.CONSTANT, Optimizer.SGD);
    }

    /**
     * The transmission of {@code spec}'s run of {@code scenario} at {@code seed}: its own compression (a training
     * protocol's) or the scenario's, the scenario's links, the peers' learning rate (NaN: they do not train).
     */
    static Transmission of(Scenario scenario, ProtocolSpec spec, long seed, double learningRate) {
        Compression compression = spec instanceof ProtocolSpec.Trained trained && trained.compression() != null
                ? trained.compression() : scenario.compression();
        TrainingSpec training = scenario.training();
        return new Transmission(compression, scenario.packetLoss(), seed, learningRate,
                training == null ? LearningRateSchedule.CONSTANT : training.schedule(), training == null ? Optimizer.SGD : training.optimizer());
    }

    /**
     * The plan, of the same kind, as sent in round {@code round}: a synchronous round, or the asynchronous run's count of
     * averaging plans applied so far, which picks the lossy links' streams. Local steps send nothing.
     */
    @SuppressWarnings("unchecked")
    <P extends Plan> P sent(P plan, int round) {
        LossyRound loss = packetLoss == null ? null : packetLoss.at(seed, round);
        if (plan instanceof GradientExchange exchange) {
            return (P) exchange.with(compression, loss, learningRate * schedule.factor(round), optimizer);
        }
        if (plan instanceof GroupAveraging groups && !compression.standsAlone()) {
            return (P) groups.withCompression(compression); // a compressed all-reduce (the config allows no lossy links)
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
