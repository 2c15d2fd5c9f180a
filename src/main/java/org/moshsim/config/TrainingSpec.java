package org.moshsim.config;

import java.util.List;
import org.moshsim.Measure;
import org.moshsim.plan.Optimizer;

/**
 * What peers train when a config has a {@code training} section: a model on a dataset split across the peers,
 * plain SGD steps whose simulated duration models a (larger) real model on the peers' GPUs.
 *
 * @param dataset a shipped dataset ("digits", "breast-cancer") or "synthetic" (least squares only)
 * @param examples synthetic examples (train and test together); features: their features; noise: the targets' noise std
 * @param hidden the MLP's hidden units
 * @param alpha Dirichlet concentration of the non-i.i.d. label split; infinite: i.i.d.
 * @param localSteps the protocols' default number of SGD steps between averagings
 * @param stepTime seconds one step takes on a peer of speed 1
 * @param stepNoise sigma of the log-normal factor (mean 1) on every micro-batch's time
 * @param microBatches micro-batches per step (the batch is split evenly), each timed with its own noise
 * @param dropThreshold DropCompute's tau in seconds of compute per step (Giladi et al. 2023): a peer stops starting
 *     micro-batches once its step has taken this long; infinite: off; NaN: chosen automatically
 * @param targetBatch 0: every protocol round is {@code localSteps} steps; else accumulate-to-target-batch (hivemind's
 *     collaborative optimizer): peers accumulate batches at their own speed until the swarm has this many examples, then
 *     aggregate them in one gradient exchange, a global step
 * @param reportDelay seconds from the swarm reaching the target to its step, while peers keep accumulating (progress is
 *     learnt through the DHT)
 * @param schedule the learning rate's factor on the global step (rounds)
 * @param average with a target batch, what the groups average: see {@link Average}
 * @param optimizer how a step applies its gradient (a local step its own; a global step the aggregate)
 * @param modelSize bytes of the modelled model's parameters (NaN: the network's payload); see {@link #downloadBytes}
 */
public record TrainingSpec(Model model, String dataset, int examples, int features, double noise, int hidden, double testFraction,
                           double alpha, int batch, double learningRate, double l2, int localSteps, double stepTime,
                           double stepNoise, int microBatches, double dropThreshold, int targetBatch, double reportDelay,
                           LearningRateSchedule schedule, Average average, Optimizer optimizer, double modelSize) {
    /** Local steps between exchanges (no target batch), at a constant learning rate. */
    public TrainingSpec(Model model, String dataset, int examples, int features, double noise, int hidden, double testFraction,
                        double alpha, int batch, double learningRate, double l2, int localSteps, double stepTime, double stepNoise,
                        int microBatches, double dropThreshold) {
        this(model, dataset, examples, features, noise, hidden, testFraction, alpha, batch, learningRate, l2, localSteps, stepTime,
                stepNoise, microBatches, dropThreshold, 0, 0, LearningRateSchedule.CONSTANT, Average.GRADIENTS, Optimizer.SGD, Double.NaN);
    }

    /** Without micro-batches or DropCompute. */
    public TrainingSpec(Model model, String dataset, int examples, int features, double noise, int hidden, double testFraction,
                        double alpha, int batch, double learningRate, double l2, int localSteps, double stepTime, double stepNoise) {
        this(model, dataset, examples, features, noise, hidden, testFraction, alpha, batch, learningRate, l2, localSteps, stepTime,
                stepNoise, 1, Double.POSITIVE_INFINITY);
    }

    /**
     * Bytes a returning peer downloads: the parameters ({@code modelSize}, else the exchange's {@code payload}) and as many
     * again per row of optimizer state, as the authors' peers stream parameters and LAMB state uncompressed.
     */
    public double downloadBytes(double payload) {
        return (Double.isNaN(modelSize) ? payload : modelSize) * (1 + optimizer.stateRows());
    }

    /** Whether DropCompute cuts steps short (a threshold, or one to be chosen). */
    public boolean dropsCompute() {
        return dropThreshold != Double.POSITIVE_INFINITY;
    }

    /** Whether peers accumulate to a target batch per global step rather than take a fixed number of steps per round. */
    public boolean targetsBatch() {
        return targetBatch > 0;
    }

    public enum Model { LEAST_SQUARES, LOGISTIC, MLP }

    /** What a global step's groups average; the parameters, when averaged, before the optimizer step. */
    public enum Average {
        /**
         * Parameters and gradients, as hivemind's collaborative optimizer does (average_parameters and average_gradients),
         * so that peers whose steps went apart (a failed group, a group of their own) meet again.
         */
        PARAMETERS_AND_GRADIENTS,
        /** The gradients only. */
        GRADIENTS,
        /**
         * The authors' averager_step as published: it sends parameters and gradients, but copies back only the averaged
         * parameters, so each peer then steps with its own accumulated gradient.
         */
        PARAMETERS;

        public boolean parameters() {
            return this != GRADIENTS;
        }
    }

    /** The shipped datasets: features and classes, so that a config's dimension is known without loading them. */
    public static final List<String> DATASETS = List.of("digits", "breast-cancer");

    static int[] shape(String dataset) {
        return dataset.equals("digits") ? new int[] {64, 10} : new int[] {30, 2};
    }

    public int inputs() {
        return model == Model.LEAST_SQUARES ? features : shape(dataset)[0];
    }

    public int classes() {
        return model == Model.LEAST_SQUARES ? 0 : shape(dataset)[1];
    }

    /** Parameters per peer (as backend.Task lays them out). */
    public int dim() {
        return switch (model) {
            case LEAST_SQUARES -> features;
            case LOGISTIC -> (inputs() + 1) * classes();
            case MLP -> (inputs() + 1) * hidden + (hidden + 1) * classes();
        };
    }

    public boolean iid() {
        return Double.isInfinite(alpha);
    }

    /** What a training run measures, its target measure first. */
    public List<Measure> measures() {
        return model == Model.LEAST_SQUARES ? List.of(Measure.EXCESS_LOSS, Measure.SPREAD, Measure.UTILISATION, Measure.STEP_TIME)
                : List.of(Measure.LOSS, Measure.ACCURACY, Measure.SPREAD, Measure.UTILISATION, Measure.STEP_TIME);
    }
}
