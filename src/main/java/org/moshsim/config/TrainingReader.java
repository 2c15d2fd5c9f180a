package org.moshsim.config;

import java.util.LinkedHashMap;
import java.util.List;
import org.moshsim.plan.Optimizer;
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

    private static final String TARGET = "mode: target-batch";
    private static final Key<String> MODE = Key.choice("mode", List.of("local-steps", "target-batch"), "local-steps: every "
            + "protocol round is local-steps steps per peer; target-batch: peers accumulate batches at their own speed until the "
            + "swarm holds target-batch examples, then aggregate them in one gradient exchange (hivemind's collaborative "
            + "optimizer; the Moshpit paper's ALBERT runs)").orElse("local-steps").once();
    private static final Key<Integer> TARGET_BATCH = Key.integer("target-batch", 1, "examples the swarm accumulates per global "
            + "step (the authors' target_batch_size)").when(TARGET);
    private static final Key<Double> REPORT_DELAY = Key.duration("report-delay", 0, "from the swarm reaching the target to its "
            + "step, while peers keep accumulating: how late progress is learnt (hivemind re-reads it at least every 0.5 s)")
            .orElse("0.5s").when(TARGET);
    private static final Key<String> AVERAGE = Key.choice("average", List.of("parameters-and-gradients", "gradients", "parameters"),
            "what a global step's groups average: parameters and gradients (hivemind's collaborative optimizer), the gradients "
            + "only, or the parameters only (the authors' averager_step as published: both are sent, only the parameters are "
            + "copied back, and each peer steps with its own gradient); parameters are averaged before the optimizer step")
            .orElse("parameters-and-gradients").when(TARGET);
    static final KeySet SCHEDULE = new KeySet("training.learning-rate-schedule", "training.learning-rate-schedule", "The "
            + "learning rate's factor on the global step (the round), the same on every side of a comparison: linear warm-up "
            + "from 0, then constant or linear decay to 0 (get_linear_schedule_with_warmup).", List.of(
            Key.integer("warmup", 0, "global steps of linear warm-up").orElse("0"),
            Key.choice("decay", List.of("none", "linear"), "after warm-up: constant, or linear to 0 at total").orElse("none"),
            Key.integer("total", 1, "the global step at which linear decay reaches 0").when("decay: linear")));
    private static final Key<Void> SCHEDULE_KEY = Key.section("learning-rate-schedule", SCHEDULE, "the learning rate on the "
            + "global step; mode: target-batch only").when(TARGET);

    private static final String MOMENTUM_TYPES = "type: momentum or nesterov";
    static final KeySet OPTIMIZER = new KeySet("training.optimizer", "training.optimizer", "How a step applies its gradient "
            + "(a local step its own, a global step the aggregate). The state (momentum, LAMB's moments) is each peer's own: "
            + "averaging does not touch it, and a returning peer downloads it with the parameters. CPU backend only, except "
            + "sgd.", List.of(
            Key.choice("type", List.of("sgd", "momentum", "nesterov", "lamb"), "sgd; SGD with (Nesterov) momentum as "
                    + "torch.optim.SGD; LAMB as apex FusedLAMB (the Moshpit authors' ALBERT optimizer)").orElse("sgd"),
            Key.number("momentum", 0, 0.999, "a number in [0, 0.999]", "the momentum factor").orElse("0.9").when(MOMENTUM_TYPES),
            Key.number("beta1", 0, 0.999, "a number in [0, 0.999]", "LAMB's first-moment decay").orElse("0.9").when("type: lamb"),
            Key.number("beta2", 0, 0.99999, "a number in [0, 0.99999]", "LAMB's second-moment decay").orElse("0.999")
                    .when("type: lamb"),
            Key.number("epsilon", Double.MIN_VALUE, 1, "a number in (0, 1]", "LAMB's epsilon (the authors' adam_epsilon)")
                    .orElse("1e-6").when("type: lamb"),
            Key.number("weight-decay", 0, 1, "a number in [0, 1]", "LAMB's decoupled weight decay on weight matrices (not "
                    + "biases); with 0, no trust ratio either (apex), which is Adam").orElse("0.01").when("type: lamb")));
    private static final Key<Void> OPTIMIZER_KEY = Key.section("optimizer", OPTIMIZER, "the optimizer of every step: each "
            + "local step, or under mode: target-batch each global step");
    private static final Key<Double> MODEL_SIZE = Key.size("model-size", 1, "bytes of the modelled model's parameters, what a "
            + "returning peer downloads, and as many again per row of optimizer state (momentum 1, LAMB 2)")
            .computed("network.payload");

    static final KeySet KEYS = new KeySet("training", "training", "Peers train a model on their shards of real data instead of "
            + "averaging random values; then dim, init and compute are not allowed.", List.of(MODEL, SYNTHETIC, DATASET, EXAMPLES,
            FEATURES, NOISE, HIDDEN, TEST_FRACTION, SPLIT, ALPHA, BATCH, LEARNING_RATE, L2, LOCAL_STEPS, STEP_TIME, STEP_NOISE,
            MICRO_BATCHES, DROP_COMPUTE, MODE, TARGET_BATCH, REPORT_DELAY, AVERAGE, SCHEDULE_KEY, OPTIMIZER_KEY, MODEL_SIZE));

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
        double stepTime = training.get(STEP_TIME);
        double stepNoise = training.get(STEP_NOISE);
        boolean target = training.get(MODE).equals("target-batch");
        // Keys of the other mode are refused below, not read: the resolved config must read back.
        int localSteps = target ? 1 : training.get(LOCAL_STEPS);
        int microBatches = target ? 1 : training.get(MICRO_BATCHES);
        if (batch % microBatches != 0) {
            throw training.error(MICRO_BATCHES, microBatches + " does not divide the batch of " + batch
                    + "; expected a divisor of the batch");
        }
        double threshold = target ? Double.POSITIVE_INFINITY : training.get(DROP_COMPUTE);
        if (threshold != Double.POSITIVE_INFINITY && microBatches < 2) {
            throw training.error(DROP_COMPUTE, "DropCompute drops micro-batches; set micro-batches: 2 or more");
        }
        int targetBatch = 0;
        double reportDelay = 0;
        LearningRateSchedule schedule = LearningRateSchedule.CONSTANT;
        TrainingSpec.Average average = TrainingSpec.Average.GRADIENTS;
        Optimizer optimizer = Optimizer.SGD;
        double modelSize = training.has(MODEL_SIZE) ? training.get(MODEL_SIZE) : Double.NaN;
        if (target) {
            for (Key<?> key : List.of(LOCAL_STEPS, MICRO_BATCHES, DROP_COMPUTE)) {
                if (training.has(key)) {
                    throw training.error(key, "mode: target-batch takes as many steps as the swarm needs to reach "
                            + "target-batch; remove " + key.name() + " (or use mode: local-steps)");
                }
            }
            targetBatch = training.get(TARGET_BATCH);
            reportDelay = training.get(REPORT_DELAY);
            average = TrainingSpec.Average.valueOf(training.get(AVERAGE).toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            schedule = readSchedule(training.section(SCHEDULE_KEY));
        } else {
            for (Key<?> key : List.of(TARGET_BATCH, REPORT_DELAY, AVERAGE, SCHEDULE_KEY)) {
                if (training.has(key)) {
                    throw training.error(key, key.name() + " applies to mode: target-batch, where steps are global steps; "
                            + "add mode: target-batch or remove it");
                }
            }
        }
        optimizer = readOptimizer(training.section(OPTIMIZER_KEY));
        training.finish();
        return new TrainingSpec(model, dataset, examples, features, noise, hidden, testFraction, alpha, batch, learningRate, l2,
                localSteps, stepTime, stepNoise, microBatches, threshold, targetBatch, reportDelay, schedule, average, optimizer,
                modelSize);
    }

    private static Optimizer readOptimizer(Section section) {
        String type = section.get(optimizerKey("type"));
        List<String> allowed = switch (type) {
            case "momentum", "nesterov" -> List.of("momentum");
            case "lamb" -> List.of("beta1", "beta2", "epsilon", "weight-decay");
            default -> List.of();
        };
        for (String name : List.of("momentum", "beta1", "beta2", "epsilon", "weight-decay")) {
            if (!allowed.contains(name) && section.has(name)) {
                throw section.error(name, name + " does not apply to type: " + type + (allowed.isEmpty() ? ""
                        : "; it takes " + String.join(", ", allowed)));
            }
        }
        Optimizer optimizer = switch (type) {
            case "momentum", "nesterov" -> new Optimizer.Momentum(section.get(optimizerKey("momentum")), type.equals("nesterov"));
            case "lamb" -> new Optimizer.Lamb(section.get(optimizerKey("beta1")), section.get(optimizerKey("beta2")),
                    section.get(optimizerKey("epsilon")), section.get(optimizerKey("weight-decay")));
            default -> Optimizer.SGD;
        };
        section.finish();
        return optimizer;
    }

    private static <T> Key<T> optimizerKey(String name) {
        return ScenarioReader.key(OPTIMIZER, name);
    }

    private static LearningRateSchedule readSchedule(Section schedule) {
        int warmup = schedule.get(key("warmup"));
        boolean linear = schedule.get(key("decay")).equals("linear");
        int total = 0;
        if (linear) {
            total = schedule.get(key("total"));
            if (total <= warmup) {
                throw schedule.error("total", total + " is not after the warm-up's " + warmup + " steps; expected more than " + warmup);
            }
        } else if (schedule.has("total")) {
            throw schedule.error("total", "total is where linear decay ends; add decay: linear or remove it");
        }
        schedule.finish();
        return new LearningRateSchedule(warmup, linear ? LearningRateSchedule.Decay.LINEAR : LearningRateSchedule.Decay.NONE, total);
    }

    private static <T> Key<T> key(String name) {
        return ScenarioReader.key(SCHEDULE, name);
    }
}
