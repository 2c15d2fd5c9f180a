package org.moshsim.backend.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static org.moshsim.backend.cuda.DeviceMemory.Element.DOUBLE;
import static org.moshsim.backend.cuda.DeviceMemory.Element.FLOAT;
import static org.moshsim.backend.cuda.CudaDevice.columnTiles;
import static org.moshsim.backend.cuda.CudaDevice.threadsFor;
import static org.moshsim.backend.cuda.DeviceMemory.Element.INT;

import java.util.Arrays;
import jcuda.Pointer;
import org.moshsim.BadInput;
import org.moshsim.backend.Backend;
import org.moshsim.backend.Evaluation;
import org.moshsim.backend.Snapshot;
import org.moshsim.backend.Task;
import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.LocalSteps;
import org.moshsim.plan.Plan;
import org.moshsim.plan.RowSnapshot;
import org.moshsim.plan.SnapshotAveraging;
import org.moshsim.plan.SparseMixing;
import org.moshsim.plan.StateDownload;

/**
 * The backend on a GPU: the matrix, the weights and the reference live in device memory for the whole run;
 * each plan is one launch per operation family (mixing: two, for its read-then-write; local steps: one for every
 * peer's steps, see {@link CudaTraining}); only the plans' index arrays go to the device and only scalars come back.
 * Over lossy links the plans' lost-packet bits go too (see {@link CudaLossyPlans}); retransmission is the exact plan.
 * Gradient exchanges keep their per-run state (accumulators, error feedback, a parameter server's copy) next to the rows
 * (see {@link CudaGradientExchanges}).
 */
public final class CudaBackend implements Backend {
    private static final int THREADS = CudaDevice.THREADS;

    private final CudaDevice device;
    private final DeviceMemory values = new DeviceMemory("peer matrix", FLOAT);
    private final DeviceMemory weights = new DeviceMemory("push-sum weights", DOUBLE);
    private final DeviceMemory reference = new DeviceMemory("reference average", DOUBLE);
    private final DeviceMemory scratch = new DeviceMemory("mixing buffer (a second copy of the peer matrix)", FLOAT);
    private final DeviceMemory scratchWeights = new DeviceMemory("mixing buffer's weights", DOUBLE);
    private final DeviceMemory partials = new DeviceMemory("error partial sums", DOUBLE);
    private final DeviceMemory planOffsets = new DeviceMemory("plan's offsets", INT);
    private final DeviceMemory planIndices = new DeviceMemory("plan's members or sources", INT);
    private final DeviceMemory planRows = new DeviceMemory("plan's rows", INT);
    private final DeviceMemory planCoefficients = new DeviceMemory("plan's mixing weights", DOUBLE);
    private final DeviceMemory broadcastRow = new DeviceMemory("broadcast row", FLOAT);
    private final CudaTraining training;
    private final CudaCompression compression;
    private final CudaLossyPlans lossy;
    private final CudaSparsification sparsification;
    private final CudaGradientExchanges gradients;
    private int peers;
    private int dim;
    private boolean hasReference;

    CudaBackend(CudaDevice device) {
        this.device = device;
        this.training = new CudaTraining(device);
        this.compression = new CudaCompression(device);
        this.lossy = new CudaLossyPlans(device);
        this.sparsification = new CudaSparsification(device);
        this.gradients = new CudaGradientExchanges(device, training, compression, sparsification);
    }

    /**
     * A backend on the machine's first GPU, whose context it makes current on the calling thread;
     * {@link Cuda#status()} says beforehand whether there is one.
     */
    public static CudaBackend open() {
        CudaBackend backend = new CudaBackend(CudaDevice.shared());
        backend.current();
        return backend;
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public String device() {
        return device.description();
    }

    @Override
    public void allocate(int peers, int dim) {
        current();
        if (peers != this.peers || dim != this.dim) {
            scratch.close();
            scratchWeights.close();
            compression.release();
            lossy.release();
            values.close();
            values.ensure((long) peers * dim);
            weights.ensure(peers);
            reference.ensure(dim);
            partials.ensure(maxReduceBlocks());
            this.peers = peers;
            this.dim = dim;
        }
        gradients.reset(peers, dim);
        launch(Kernel.FILL_ONES, grid(peers), 1, THREADS, weights, (long) peers);
        hasReference = false;
    }

    @Override
    public void fillNormal(long seed, double mean, double std) {
        current();
        long pairs = (dim + 1) / 2;
        launch(Kernel.FILL_NORMAL, grid((long) peers * pairs), 1, THREADS, values, (long) peers, dim, seed, mean, std);
    }

    @Override
    public void fillUniform(long seed, double low, double high) {
        current();
        launch(Kernel.FILL_UNIFORM, grid((long) peers * dim), 1, THREADS, values, (long) peers, dim, seed, low, high);
    }

    @Override
    public void broadcast(float[] row) {
        current();
        if (row.length != dim) {
            throw new IllegalArgumentException("a row of " + row.length + " values for a matrix of dimension " + dim);
        }
        launch(Kernel.FILL_ROWS, grid((long) peers * dim), 1, THREADS, values, weights, broadcastRow.upload(row),
                (long) peers, dim);
    }

    @Override
    public void load(Task task) {
        current();
        training.load(task);
    }

    @Override
    public Evaluation evaluate() {
        markReference();
        double spread = meanSquaredError();
        return training.evaluate(reference, dim, spread);
    }

    @Override
    public void markReference() {
        current();
        launch(Kernel.COLUMN_MEANS, (dim + THREADS - 1) / THREADS, 1, THREADS, values, weights, (long) peers, dim, reference);
        hasReference = true;
    }

    @Override
    public void apply(Plan plan) {
        if (plan instanceof GroupAveraging groups && groups.compression() != null) {
            throw new BadInput("the CUDA backend does not average through a compressed all-reduce (float16-ring, two-step); "
                    + "use --backend cpu");
        }
        if (plan instanceof RowSnapshot || plan instanceof SnapshotAveraging) {
            throw new BadInput("the CUDA backend averages the current rows only (averaging: {apply: current}); use --backend cpu "
                    + "for snapshot-overwrite or snapshot-delta");
        }
        if (plan instanceof GradientExchange exchange && exchange.optimizer().stateRows() > 0
                || plan instanceof LocalSteps steps && steps.optimizer().stateRows() > 0) {
            throw new BadInput("the CUDA backend steps plain SGD (training.optimizer: sgd); use --backend cpu for momentum, "
                    + "nesterov or lamb");
        }
        if (plan instanceof StateDownload download) {
            plan = download.asMixing(); // no optimizer state on the device: the rows are the whole state
        }
        current();
        if (plan instanceof GradientExchange exchange) {
            gradients.exchange(exchange, values, weights);
        } else if (plan instanceof GroupAveraging attempted) {
            GroupAveraging groups = attempted.completedOnly();
            if (groups.groupCount() == 0) {
                return;
            }
            // Groups are disjoint: their members are the rows to decode, each once.
            DeviceMemory source = groups.codec() == null ? values
                    : compression.decode(groups.codec(), groups.members(), groups.members().length, values, peers, dim);
            DeviceMemory offsets = planOffsets.upload(groups.offsets());
            DeviceMemory members = planIndices.upload(groups.members());
            if (CudaLossyPlans.lossy(groups.loss())) {
                lossy.average(groups, values, weights, offsets, members, source, peers, dim);
                return;
            }
            boolean quads = dim % 4 == 0;
            int columns = quads ? dim / 4 : dim;
            launch(quads ? Kernel.GROUP_AVERAGE4 : Kernel.GROUP_AVERAGE, groups.groupCount(), columnTiles(columns),
                    threadsFor(columns), values, weights, offsets, members, source, dim);
        } else if (plan instanceof LocalSteps steps) {
            if (steps.accumulates()) {
                gradients.accumulate(steps, values, weights);
            } else {
                training.step(steps, values, weights, dim);
            }
        } else {
            SparseMixing mixing = (SparseMixing) plan;
            int rows = mixing.rows().length;
            if (rows == 0) {
                return;
            }
            scratch.ensure((long) peers * dim);
            scratchWeights.ensure(peers);
            DeviceMemory sent = mixing.codec() == null ? values : decodeSenders(mixing);
            DeviceMemory offsets = planOffsets.upload(mixing.offsets());
            DeviceMemory sources = planIndices.upload(mixing.sources());
            DeviceMemory coefficients = planCoefficients.upload(mixing.weights());
            DeviceMemory targets = planRows.upload(mixing.rows());
            if (CudaLossyPlans.lossy(mixing.loss())) {
                lossy.mix(mixing, values, weights, offsets, sources, coefficients, scratch, scratchWeights, targets, sent, dim);
            } else {
                launch(Kernel.MIX_ROWS, rows, columnTiles(dim), threadsFor(dim), values, weights, offsets, sources, coefficients,
                        scratch, scratchWeights, targets, sent, mixing.codec() == null ? 0 : 1, dim);
            }
            launch(Kernel.SCATTER_ROWS, rows, columnTiles(dim), threadsFor(dim), values, weights, targets, scratch,
                    scratchWeights, dim);
        }
    }

    /** Decodes every peer that some row reads other than its own (a row keeps its own value exact). */
    private DeviceMemory decodeSenders(SparseMixing mixing) {
        boolean[] sends = new boolean[peers];
        int[] listed = new int[mixing.sources().length];
        int count = 0;
        for (int r = 0; r < mixing.rows().length; r++) {
            for (int k = mixing.offsets()[r]; k < mixing.offsets()[r + 1]; k++) {
                int source = mixing.sources()[k];
                if (source != mixing.rows()[r] && !sends[source]) {
                    sends[source] = true;
                    listed[count++] = source;
                }
            }
        }
        return compression.decode(mixing.codec(), listed, count, values, peers, dim);
    }

    @Override
    public Aggregates aggregates() {
        return gradients.aggregates();
    }

    @Override
    public double meanSquaredError() {
        current();
        if (!hasReference) {
            throw new IllegalStateException("markReference() first");
        }
        long work = dim >= THREADS ? peers : ((long) peers * dim + THREADS - 1) / THREADS;
        int blocks = (int) Math.max(1, Math.min(work, maxReduceBlocks()));
        launch(Kernel.MSE_PARTIALS, blocks, 1, THREADS, values, weights, reference, (long) peers, dim, partials);
        // The total goes to the first partial's slot once every block has written its own.
        launch(Kernel.SUM_PARTIALS, 1, 1, THREADS, partials, blocks, partials);
        double[] total = new double[1];
        cuMemcpyDtoH(Pointer.to(total), partials.pointer(), 8);
        return total[0] / ((double) peers * dim);
    }

    @Override
    public Snapshot snapshot() {
        current();
        float[] hostValues = new float[Math.toIntExact((long) peers * dim)];
        double[] hostWeights = new double[peers];
        cuMemcpyDtoH(Pointer.to(hostValues), values.pointer(), 4L * hostValues.length);
        cuMemcpyDtoH(Pointer.to(hostWeights), weights.pointer(), 8L * peers);
        return new Snapshot(peers, dim, hostValues, hostWeights);
    }

    @Override
    public void close() {
        current();
        cuCtxSynchronize();
        for (DeviceMemory memory : Arrays.asList(values, weights, reference, scratch, scratchWeights, partials, planOffsets,
                planIndices, planRows, planCoefficients, broadcastRow)) {
            memory.close();
        }
        gradients.close();
        training.close();
        compression.close();
        lossy.close();
        sparsification.close();
        peers = 0;
        dim = 0;
    }

    /** Sets the matrix and weights to a snapshot's (tests: both backends then start from the same bits). */
    void upload(Snapshot snapshot) {
        current();
        allocate(snapshot.peers(), snapshot.dim());
        cuMemcpyHtoD(values.pointer(), Pointer.to(snapshot.values()), 4L * snapshot.values().length);
        cuMemcpyHtoD(weights.pointer(), Pointer.to(snapshot.weights()), 8L * snapshot.weights().length);
    }

    /** Overwrites the matrix, weights and buffers with NaN bytes, so that a test sees any value a kernel forgot. */
    void poison() {
        current();
        for (DeviceMemory memory : Arrays.asList(values, weights, reference, scratch, scratchWeights, partials)) {
            memory.poison();
        }
        compression.poison();
        lossy.poison();
        gradients.poison();
    }

    private void current() {
        cuCtxSetCurrent(device.context());
    }

    private int maxReduceBlocks() {
        return 4 * device.multiprocessors();
    }

    private int grid(long work) {
        return device.grid(work);
    }

    private void launch(Kernel kernel, int gridX, int gridY, int blockX, Object... arguments) {
        device.launch(kernel, gridX, gridY, blockX, arguments);
    }
}
