package org.moshsim.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code training} section. */
final class TrainingReader {
    private static final List<String> MODELS = List.of("least-squares", "logistic", "mlp");
    /** {@code drop-compute: none} (off), {@code auto} (chosen from warm-up steps), or a threshold such as 2.5s. */
    private static final Map<String, Double> DROP_COMPUTE_WORDS = new LinkedHashMap<>();

    static {
        DROP_COMPUTE_WORDS.put("none", Double.POSITIVE_INFINITY);
        DROP_COMPUTE_WORDS.put("auto", Double.NaN);
    }

    private TrainingReader() {
    }

    static TrainingSpec read(Section training) {
        String modelName = training.choice("model", MODELS, null, true);
        TrainingSpec.Model model = TrainingSpec.Model.values()[MODELS.indexOf(modelName)];
        String dataset;
        int examples = 0;
        int features = 0;
        double noise = 0;
        if (model == TrainingSpec.Model.LEAST_SQUARES) {
            dataset = training.choice("dataset", List.of("synthetic"), "synthetic", false);
            examples = training.integer("examples", 2, 2000, true);
            features = training.integer("features", 1, 20, true);
            noise = training.number("noise", 0, Double.MAX_VALUE, 0.1, true, "a standard deviation >= 0");
        } else {
            dataset = training.choice("dataset", TrainingSpec.DATASETS, null, true);
            for (String key : List.of("examples", "features", "noise")) {
                if (training.has(key)) {
                    throw training.error(key, "only the synthetic least-squares data takes " + key + "; " + dataset + " has its own");
                }
            }
        }
        int hidden = 0;
        if (model == TrainingSpec.Model.MLP) {
            hidden = training.integer("hidden", 1, 32, true);
        } else if (training.has("hidden")) {
            throw training.error("hidden", "only model mlp has hidden units");
        }
        double testFraction = training.number("test-fraction", 0, 0.9, model == TrainingSpec.Model.LEAST_SQUARES ? 0.0 : 0.2, true,
                "a fraction in [0, 0.9]");
        if (model != TrainingSpec.Model.LEAST_SQUARES && testFraction == 0) {
            throw training.error("test-fraction", "a classifier's accuracy is measured on held-out examples; allowed: (0, 0.9]");
        }
        String split = training.choice("split", List.of("iid", "dirichlet"), "iid", true);
        double alpha = Double.POSITIVE_INFINITY;
        if (split.equals("dirichlet")) {
            if (model == TrainingSpec.Model.LEAST_SQUARES) {
                throw training.error("split", "a label split needs labels; least squares has real targets (use iid)");
            }
            alpha = training.number("alpha", Double.MIN_VALUE, Double.MAX_VALUE, 0.5, true, "a concentration > 0");
        } else if (training.has("alpha")) {
            throw training.error("alpha", "alpha is the concentration of split: dirichlet");
        }
        int batch = training.integer("batch", 1, 32, true);
        double learningRate = training.number("learning-rate", Double.MIN_VALUE, Double.MAX_VALUE, null, true, "a number > 0");
        double l2 = training.number("l2", 0, Double.MAX_VALUE, 0.0, true, "a number >= 0");
        int localSteps = training.integer("local-steps", 1, 1, true);
        double stepTime = training.quantity("step-time", Units.DURATION, Double.MIN_VALUE, null, true);
        double stepNoise = training.number("step-noise", 0, 10, 0.0, true, "a log-normal sigma in [0, 10]");
        int microBatches = training.integer("micro-batches", 1, 1, true);
        if (batch % microBatches != 0) {
            throw training.error("micro-batches", microBatches + " does not divide the batch of " + batch
                    + "; expected a divisor of the batch");
        }
        double threshold = training.quantityOrWord("drop-compute", Units.DURATION, Double.MIN_VALUE, "none",
                DROP_COMPUTE_WORDS);
        if (threshold != Double.POSITIVE_INFINITY && microBatches < 2) {
            throw training.error("drop-compute", "DropCompute drops micro-batches; set micro-batches: 2 or more");
        }
        training.finish();
        return new TrainingSpec(model, dataset, examples, features, noise, hidden, testFraction, alpha, batch, learningRate, l2,
                localSteps, stepTime, stepNoise, microBatches, threshold);
    }
}
