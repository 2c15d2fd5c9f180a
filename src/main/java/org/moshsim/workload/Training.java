package org.moshsim.workload;

import org.moshsim.backend.Backend;
import org.moshsim.backend.Task;
import org.moshsim.config.TrainingSpec;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;

/**
 * The training workload of one run: the task (model and data, split into train and test for the seed), each
 * peer's shard of the training examples, the common initial model, and the least-squares optimum's loss.
 *
 * @param shards training example indices per peer (a leaving peer takes its shard with it)
 * @param optimalLoss the training loss at the optimum (least squares), else 0
 */
public record Training(Task task, int[][] shards, float[] initialModel, double optimalLoss) implements Workload {
    public static Training prepare(TrainingSpec spec, int peers, long seed) {
        Dataset data = spec.model() == TrainingSpec.Model.LEAST_SQUARES
                ? Dataset.leastSquares(spec.examples(), spec.features(), spec.noise(), seed) : Dataset.load(spec.dataset());
        Dataset.Split split = data.split(spec.testFraction(), seed);
        Task task = new Task(Task.Model.valueOf(spec.model().name()), spec.inputs(), spec.hidden(), spec.classes(), spec.l2(),
                split.train().x(), split.train().y(), split.test().x(), split.test().y());
        if (task.dim() != spec.dim()) {
            throw new IllegalStateException("the config's dimension " + spec.dim() + " disagrees with the task's " + task.dim());
        }
        int rows = split.train().rows();
        if (rows < peers) {
            throw new org.moshsim.BadInput(peers + " peers need at least " + peers + " training examples; " + spec.dataset()
                    + " has " + rows + " after holding out the test fraction");
        }
        int[][] shards = spec.iid() ? Partition.iid(rows, peers, seed)
                : Partition.dirichlet(split.train().y(), spec.classes(), peers, spec.alpha(), seed);
        double optimum = 0;
        if (task.model() == Task.Model.LEAST_SQUARES) {
            double[] w = Dataset.leastSquaresOptimum(split.train(), spec.l2());
            optimum = Dataset.leastSquaresLoss(split.train(), w, spec.l2());
        }
        return new Training(task, shards, initialModel(task, seed), optimum);
    }

    /** Sizes the backend for the task and gives every peer the initial model. */
    @Override
    public void initialize(Backend backend) {
        backend.allocate(shards.length, task.dim());
        backend.load(task);
        backend.broadcast(initialModel);
    }

    /** Zeros, except the MLP's weights: Glorot-uniform, so that its hidden units differ. */
    static float[] initialModel(Task task, long seed) {
        float[] model = new float[task.dim()];
        if (task.model() == Task.Model.MLP) {
            int f = task.features();
            int h = task.hidden();
            int c = task.classes();
            var rng = RandomStreams.stream(seed, Purpose.MODEL_INIT, 0, 0);
            double first = Math.sqrt(6.0 / (f + h));
            for (int k = 0; k < f * h; k++) {
                model[k] = (float) (first * (2 * RandomStreams.openUniform(rng.nextInt()) - 1));
            }
            double second = Math.sqrt(6.0 / (h + c));
            int w2 = (f + 1) * h;
            for (int k = 0; k < h * c; k++) {
                model[w2 + k] = (float) (second * (2 * RandomStreams.openUniform(rng.nextInt()) - 1));
            }
        }
        return model;
    }
}
