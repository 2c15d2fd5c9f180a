package org.moshsim.backend.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static org.moshsim.backend.cuda.DeviceMemory.Element.DOUBLE;
import static org.moshsim.backend.cuda.DeviceMemory.Element.FLOAT;
import static org.moshsim.backend.cuda.DeviceMemory.Element.INT;

import jcuda.Pointer;
import org.moshsim.backend.Evaluation;
import org.moshsim.backend.Task;
import org.moshsim.plan.LocalSteps;

/**
 * The CUDA backend's model kernels ({@code cuda-kernels/training.cu}): a loaded task's data on the device, the
 * local steps of a plan (one block per stepping peer, all peers in one launch), or in accumulate mode their gradients,
 * and the evaluation of a model.
 *
 * <p>The batched forward and backward passes are our own kernel rather than cuBLAS's strided-batched GEMM: the
 * proxy models are small (thousands of parameters, batches of tens), so one launch for every step of every peer
 * beats several library calls per step, and our kernel keeps the CPU's float64 sums in the CPU's order.
 */
final class CudaTraining implements AutoCloseable {
    private static final int THREADS = 256;

    private final CudaDevice device;
    private final DeviceMemory trainX = new DeviceMemory("training features", FLOAT);
    private final DeviceMemory trainY = new DeviceMemory("training targets", FLOAT);
    private final DeviceMemory testX = new DeviceMemory("test features", FLOAT);
    private final DeviceMemory testY = new DeviceMemory("test targets", FLOAT);
    private final DeviceMemory stepPeers = new DeviceMemory("local steps plan's peers", INT);
    private final DeviceMemory stepOffsets = new DeviceMemory("local steps plan's step offsets", INT);
    private final DeviceMemory batchOffsets = new DeviceMemory("local steps plan's batch offsets", INT);
    private final DeviceMemory examples = new DeviceMemory("local steps plan's examples", INT);
    private final DeviceMemory learningRates = new DeviceMemory("local steps plan's learning rates", DOUBLE);
    private final DeviceMemory workspace =
            new DeviceMemory("local steps' workspace (the stepping peers' models and activations)", DOUBLE);
    private final DeviceMemory scratch = new DeviceMemory("evaluation scratch", DOUBLE);
    private final DeviceMemory partials = new DeviceMemory("evaluation partial sums", DOUBLE);
    private Task task;

    CudaTraining(CudaDevice device) {
        this.device = device;
    }

    void load(Task task) {
        trainX.upload(task.trainX());
        trainY.upload(task.trainY());
        testX.upload(task.testX());
        testY.upload(task.testY());
        this.task = task;
    }

    /** Runs every step of the plan on the rows of {@code values} (of dimension dim), de-biased by {@code weights}. */
    void step(LocalSteps plan, DeviceMemory values, DeviceMemory weights, int dim) {
        requireTask(dim);
        int peers = plan.peers().length;
        if (peers == 0) {
            return;
        }
        int maxBatch = maxBatch(plan);
        workspace.ensure(peers * slot(dim, maxBatch));
        device.launch(Kernel.LOCAL_STEPS, peers, 1, THREADS, values, weights, stepPeers.upload(plan.peers()),
                stepOffsets.upload(plan.stepOffsets()), batchOffsets.upload(plan.batchOffsets()), examples.upload(plan.examples()),
                learningRates.upload(plan.learningRates()), trainX, trainY, kind(), task.features(), task.hidden(), task.classes(),
                task.l2(), dim, maxBatch, workspace);
    }

    /**
     * Adds the summed gradients of an accumulating plan's steps, each at its peer's de-biased row of {@code values}, to
     * the peer's row of {@code accumulated} (float64, peers x dim); the examples they count for are the caller's to add.
     */
    void accumulate(LocalSteps plan, DeviceMemory values, DeviceMemory weights, int dim, DeviceMemory accumulated) {
        requireTask(dim);
        int peers = plan.peers().length;
        if (peers == 0) {
            return;
        }
        int maxBatch = maxBatch(plan);
        workspace.ensure(peers * slot(dim, maxBatch));
        device.launch(Kernel.ACCUMULATE_GRADIENTS, peers, 1, THREADS, values, weights, stepPeers.upload(plan.peers()),
                stepOffsets.upload(plan.stepOffsets()), batchOffsets.upload(plan.batchOffsets()), examples.upload(plan.examples()),
                trainX, trainY, kind(), task.features(), task.hidden(), task.classes(), task.l2(), dim, maxBatch, workspace, accumulated);
    }

    /** The largest batch of a plan's steps (at least 1). */
    private static int maxBatch(LocalSteps plan) {
        int maxBatch = 1;
        for (int s = 0; s + 1 < plan.batchOffsets().length; s++) {
            maxBatch = Math.max(maxBatch, plan.batchOffsets()[s + 1] - plan.batchOffsets()[s]);
        }
        return maxBatch;
    }

    /** Workspace values per stepping peer: its model, then its batch's activations, logits and hidden gradients. */
    private long slot(int dim, int maxBatch) {
        return dim + (long) maxBatch * (2L * width() + outputs());
    }

    /** Loss on the training set and accuracy on the test set of the float64 model on the device; spread as given. */
    Evaluation evaluate(DeviceMemory model, int dim, double spread) {
        requireTask(dim);
        double[] params = new double[dim];
        cuMemcpyDtoH(Pointer.to(params), model.pointer(), 8L * dim);
        double penalty = 0;
        if (task.l2() != 0) {
            for (double p : params) {
                penalty += p * p;
            }
            penalty *= 0.5 * task.l2();
        }
        double loss = sums(model, trainX, trainY, task.trainRows())[0] / task.trainRows() + penalty;
        double accuracy = task.model() == Task.Model.LEAST_SQUARES || task.testRows() == 0 ? Double.NaN
                : sums(model, testX, testY, task.testRows())[1] / task.testRows();
        return new Evaluation(loss, accuracy, spread);
    }

    /** The summed example losses and the number classified correctly over a data set. */
    private double[] sums(DeviceMemory model, DeviceMemory xs, DeviceMemory ys, int rows) {
        int blocks = (int) Math.max(1, Math.min((rows + THREADS - 1) / THREADS, 4L * device.multiprocessors()));
        scratch.ensure((long) blocks * THREADS * (width() + outputs()));
        partials.ensure(2L * blocks);
        device.launch(Kernel.EVALUATE_PARTIALS, blocks, 1, THREADS, model, xs, ys, rows, kind(), task.features(), task.hidden(),
                task.classes(), scratch, partials);
        double[] host = new double[2 * blocks];
        cuMemcpyDtoH(Pointer.to(host), partials.pointer(), 8L * host.length);
        double[] totals = new double[2];
        for (int b = 0; b < blocks; b++) {
            totals[0] += host[b];
            totals[1] += host[blocks + b];
        }
        return totals;
    }

    private void requireTask(int dim) {
        if (task == null || task.dim() != dim) {
            throw new IllegalStateException("load a task of dimension " + dim + " first");
        }
    }

    /** The kernels' model codes (training.cu). */
    private int kind() {
        return switch (task.model()) {
            case LEAST_SQUARES -> 0;
            case LOGISTIC -> 1;
            case MLP -> 2;
        };
    }

    private int outputs() {
        return task.model() == Task.Model.LEAST_SQUARES ? 1 : task.classes();
    }

    private int width() {
        return task.model() == Task.Model.MLP ? task.hidden() : 0;
    }

    @Override
    public void close() {
        for (DeviceMemory memory : new DeviceMemory[] {trainX, trainY, testX, testY, stepPeers, stepOffsets, batchOffsets, examples,
                learningRates, workspace, scratch, partials}) {
            memory.close();
        }
        task = null;
    }
}
