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

    private static final String LEAST_SQUARES = "model: least-squares";
    private static final Key<String> MODEL = Key.choice("model", MODELS, "what every peer trains: synthetic least squares, "
            + "logistic regression or a one-hidden-layer perceptron");
    private static final Key<String> SYNTHETIC = Key.choice("dataset", List.of("synthetic"), "the data: synthetic, with a known "
            + "optimum").orElse("synthetic").once().when(LEAST_SQUARES);
    private static final Key<String> DATASET = Key.choice("dataset", TrainingSpec.DATASETS, "the shipped dataset (UCI digits or "
            + "breast cancer)").when("model: logistic or mlp");
    private static final Key<Integer> EXAMPLES = Key.integer("examples", 2, "synthetic examples").orElse("2000").when(LEAST_SQUARES);
    private static final Key<Integer> FEATURES = Key.integer("features", 1, "synthetic features").orElse("20").when(LEAST_SQUARES);
    private static final Key<Double> NOISE = Key.number("noise", 0, Double.MAX_VALUE, "a standard deviation >= 0", "the targets' "
            + "noise").orElse("0.1").when(LEAST_SQUARES);
    private static final Key<Integer> HIDDEN = Key.integer("hidden", 1, "hidden units").orElse("32").when("model: mlp");
    private static final Key<Double> TEST_FRACTION = Key.number("test-fraction", 0, 0.9, "a fraction in [0, 0.9]", "examples held "
            + "out for accuracy (stratified)").computed("0.0 for least-squares, else 0.2");
    private static final Key<String> SPLIT = Key.choice("split", List.of("iid", "dirichlet"), "how examples are dealt to peers: "
            + "i.i.d., or labels by a Dirichlet(alpha) per peer (non-i.i.d.)").orElse("iid");
    private static final Key<Double> ALPHA = Key.number("alpha", Double.MIN_VALUE, Double.MAX_VALUE, "a concentration > 0",
            "the Dirichlet concentration: small is skewed").orElse("0.5").when("split: dirichlet");
    private static final Key<Integer> BATCH = Key.integer("batch", 1, "examples per step, drawn with replacement from the peer's "
            + "shard").orElse("32");
    private static final Key<Double> LEARNING_RATE = Key.number("learning-rate", Double.MIN_VALUE, Double.MAX_VALUE, "a number > 0",
            "the SGD step size");
    private static final Key<Double> L2 = Key.number("l2", 0, Double.MAX_VALUE, "a number >= 0", "L2 regularisation").orElse("0.0");
    static final Key<Integer> LOCAL_STEPS = Key.integer("local-steps", 1, "steps between averagings (a protocol entry may set its "
            + "own)").orElse("1");
    private static final Key<Double> STEP_TIME = Key.duration("step-time", Double.MIN_VALUE, "one step on a speed-1 peer: the "
            + "modelled model's (network.payload is its size)");
    private static final Key<Double> STEP_NOISE = Key.number("step-noise", 0, 10, "a log-normal sigma in [0, 10]", "sigma of a "
            + "mean-1 log-normal factor on every micro-batch's time").orElse("0.0");
    private static final Key<Integer> MICRO_BATCHES = Key.integer("micro-batches", 1, "a step's batch in this many micro-batches, "
            + "timed one after another (a divisor of batch)").orElse("1");
    private static final Key<Double> DROP_COMPUTE = Values.quantityOrWord("drop-compute", Units.DURATION, Double.MIN_VALUE,
            DROP_COMPUTE_WORDS, "DropCompute's threshold tau: none, auto (chosen after 20 warm-up rounds) or a duration; "
                    + "synchronous protocols only").orElse("none");

    static final KeySet KEYS = new KeySet("training", "training", "Peers train a model on their shards of real data instead of "
            + "averaging random values; then dim, init and compute are not allowed.", List.of(MODEL, SYNTHETIC, DATASET, EXAMPLES,
            FEATURES, NOISE, HIDDEN, TEST_FRACTION, SPLIT, ALPHA, BATCH, LEARNING_RATE, L2, LOCAL_STEPS, STEP_TIME, STEP_NOISE,
            MICRO_BATCHES, DROP_COMPUTE));

    private TrainingReader() {
    }

    static TrainingSpec read(Section training) {
        String modelName = training.get(MODEL);
        TrainingSpec.Model model = TrainingSpec.Model.values()[MODELS.indexOf(modelName)];
        String dataset;
        int examples = 0;
        int features = 0;
        double noise = 0;
        if (model == TrainingSpec.Model.LEAST_SQUARES) {
            dataset = training.get(SYNTHETIC);
            examples = training.get(EXAMPLES);
            features = training.get(FEATURES);
            noise = training.get(NOISE);
        } else {
            dataset = training.get(DATASET);
            for (String key : List.of("examples", "features", "noise")) {
                if (training.has(key)) {
                    throw training.error(key, "only the synthetic least-squares data takes " + key + "; " + dataset + " has its own");
                }
            }
        }
        int hidden = 0;
        if (model == TrainingSpec.Model.MLP) {
            hidden = training.get(HIDDEN);
        } else if (training.has(HIDDEN)) {
            throw training.error(HIDDEN, "only model mlp has hidden units");
        }
        double testFraction = training.get(TEST_FRACTION, model == TrainingSpec.Model.LEAST_SQUARES ? "0.0" : "0.2");
        if (model != TrainingSpec.Model.LEAST_SQUARES && testFraction == 0) {
            throw training.error(TEST_FRACTION, "a classifier's accuracy is measured on held-out examples; allowed: (0, 0.9]");
        }
        String split = training.get(SPLIT);
        double alpha = Double.POSITIVE_INFINITY;
        if (split.equals("dirichlet")) {
            if (model == TrainingSpec.Model.LEAST_SQUARES) {
                throw training.error(SPLIT, "a label split needs labels; least squares has real targets (use iid)");
            }
            alpha = training.get(ALPHA);
        } else if (training.has(ALPHA)) {
            throw training.error(ALPHA, "alpha is the concentration of split: dirichlet");
        }
        int batch = training.get(BATCH);
        double learningRate = training.get(LEARNING_RATE);
        double l2 = training.get(L2);
        int localSteps = training.get(LOCAL_STEPS);
        double stepTime = training.get(STEP_TIME);
        double stepNoise = training.get(STEP_NOISE);
        int microBatches = training.get(MICRO_BATCHES);
        if (batch % microBatches != 0) {
            throw training.error(MICRO_BATCHES, microBatches + " does not divide the batch of " + batch
                    + "; expected a divisor of the batch");
        }
        double threshold = training.get(DROP_COMPUTE);
        if (threshold != Double.POSITIVE_INFINITY && microBatches < 2) {
            throw training.error(DROP_COMPUTE, "DropCompute drops micro-batches; set micro-batches: 2 or more");
        }
        training.finish();
        return new TrainingSpec(model, dataset, examples, features, noise, hidden, testFraction, alpha, batch, learningRate, l2,
                localSteps, stepTime, stepNoise, microBatches, threshold);
    }
}
