package org.moshsim.backend.cpu;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.moshsim.BadInput;
import org.moshsim.backend.Backend;
import org.moshsim.backend.Evaluation;
import org.moshsim.backend.Snapshot;
import org.moshsim.backend.Task;
import org.moshsim.compress.Codec;
import org.moshsim.lossy.LossyRound;
import org.moshsim.plan.Apply;
import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.LocalSteps;
import org.moshsim.plan.Plan;
import org.moshsim.plan.RowSnapshot;
import org.moshsim.plan.SnapshotAveraging;
import org.moshsim.plan.SparseMixing;
import org.moshsim.plan.StateDownload;
import org.moshsim.random.RandomStreams;

/** The backend on the CPU. Parallel when given a pool; the results never depend on it. */
public final class CpuBackend implements Backend {
    private final ForkJoinPool pool;
    private Rows values;
    private double[] weights;
    private Rows scratch;
    private double[] scratchWeights;
    /** The codec's round trips of the rows that a compressed plan sends, by peer (allocated by the first such plan). */
    private Rows decoded;
    /** The rows background exchanges started from (allocated by the first snapshot). */
    private SnapshotRows snapshots;
    private double[] reference;
    private Task task;
    private final ScalarKernels scalars = new ScalarKernels();
    private final GradientExchanges gradients = new GradientExchanges();
    /** Group averaging through compressed all-reduces: the sums of their relative bias and error, and their count. */
    private final double[] averaged = new double[3];

    /** A backend that runs its operations in {@code pool}, or on the caller's thread when it is null. */
    public CpuBackend(ForkJoinPool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String device() {
        return "cpu, " + (pool == null ? 1 : pool.getParallelism()) + " thread(s)";
    }

    @Override
    public void allocate(int peers, int dim) {
        gradients.reset(peers, dim);
        Arrays.fill(averaged, 0);
        if (values != null && values.rows == peers && values.dim == dim) {
            Arrays.fill(weights, 1.0);
            reference = null;
            return;
        }
        values = null;
        scratch = null;
        decoded = null;
        snapshots = null;
        long needed = Rows.bytes(peers, dim) + 8L * peers;
        Runtime runtime = Runtime.getRuntime();
        long available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (needed > available) {
            throw new BadInput(String.format("peers x dim = %d x %d needs %.1f GiB of memory, but only %.1f GiB are free in "
                    + "this JVM; lower dim or peers, or give Java more memory (JAVA_OPTS=-Xmx...)",
                    peers, dim, needed / 0x1p30, available / 0x1p30));
        }
        values = new Rows(peers, dim);
        weights = new double[peers];
        Arrays.fill(weights, 1.0);
        reference = null;
    }

    @Override
    public void fillNormal(long seed, double mean, double std) {
        forEachRowRange(row -> RandomStreams.normalRow(seed, row, mean, std, values.block(row), values.offset(row), values.dim));
    }

    @Override
    public void fillUniform(long seed, double low, double high) {
        forEachRowRange(row -> RandomStreams.uniformRow(seed, row, low, high, values.block(row), values.offset(row), values.dim));
    }

    @Override
    public void markReference() {
        int dim = values.dim;
        double[] sums = new double[dim];
        // One task per column block, each summing over all rows in row order.
        run((dim + Pieces.COLUMN_BLOCK - 1) / Pieces.COLUMN_BLOCK, b -> {
            int from = b * Pieces.COLUMN_BLOCK;
            int length = Math.min(Pieces.COLUMN_BLOCK, dim - from);
            for (int i = 0; i < values.rows; i++) {
                float[] block = values.block(i);
                int offset = values.offset(i) + from;
                double w = weights[i];
                for (int j = 0; j < length; j++) {
                    sums[from + j] += block[offset + j] / w;
                }
            }
        });
        for (int j = 0; j < dim; j++) {
            sums[j] /= values.rows;
        }
        reference = sums;
    }

    @Override
    public double meanSquaredError() {
        if (reference == null) {
            throw new IllegalStateException("markReference() first");
        }
        int dim = values.dim;
        int rowsPerChunk = Math.max(1, Pieces.TASK_VALUES / dim);
        int chunks = (values.rows + rowsPerChunk - 1) / rowsPerChunk;
        double[] partial = new double[chunks];
        float[] flat = dim == 1 ? values.flat() : null;
        run(chunks, c -> {
            double sum = 0;
            if (flat != null) {
                // One value per peer: the same sum as below, in the same order.
                double center = reference[0];
                for (int i = c * rowsPerChunk, end = Math.min(values.rows, i + rowsPerChunk); i < end; i++) {
                    double d = (weights[i] == 1.0 ? flat[i] : flat[i] / weights[i]) - center;
                    sum += d * d;
                }
                partial[c] = sum;
                return;
            }
            for (int i = c * rowsPerChunk, end = Math.min(values.rows, i + rowsPerChunk); i < end; i++) {
                float[] block = values.block(i);
                int offset = values.offset(i);
                double w = weights[i];
                if (w == 1.0) {
                    // x / 1 == x exactly: the same sum, without a division per value.
                    for (int j = 0; j < dim; j++) {
                        double d = block[offset + j] - reference[j];
                        sum += d * d;
                    }
                } else {
                    for (int j = 0; j < dim; j++) {
                        double d = block[offset + j] / w - reference[j];
                        sum += d * d;
                    }
                }
            }
            partial[c] = sum;
        });
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total / ((double) values.rows * dim);
    }

    @Override
    public void apply(Plan plan) {
        if (plan instanceof GroupAveraging groups) {
            average(groups);
        } else if (plan instanceof GradientExchange exchange) {
            gradients.exchange(exchange, task, values, weights, this::run);
        } else if (plan instanceof LocalSteps steps) {
            step(steps);
        } else if (plan instanceof RowSnapshot taken) {
            snapshots = snapshots == null ? new SnapshotRows(values) : snapshots;
            snapshots.take(values, weights, taken.peers());
        } else if (plan instanceof SnapshotAveraging background) {
            fromSnapshots(background);
        } else if (plan instanceof StateDownload download) {
            mix(download.asMixing());
            gradients.download(download.peers(), download.sources());
        } else {
            mix((SparseMixing) plan);
        }
    }

    /**
     * Runs the averaging on the snapshots in place of the rows (by swapping the two matrices, so that every codec, lossy
     * link and scalar path applies unchanged), then settles the members' rows from the averaged snapshots.
     */
    private void fromSnapshots(SnapshotAveraging plan) {
        if (snapshots == null) {
            throw new IllegalStateException("an averaging from snapshots before any snapshot was taken");
        }
        int[] updated = plan.averaging() instanceof GroupAveraging groups ? groups.completedOnly().members()
                : ((SparseMixing) plan.averaging()).rows();
        if (plan.apply() == Apply.SNAPSHOT_DELTA) {
            snapshots.subtractFrom(values, weights, updated);
        }
        Rows current = values;
        double[] currentWeights = weights;
        values = snapshots.rows;
        weights = snapshots.weights;
        try {
            apply(plan.averaging());
        } finally {
            values = current;
            weights = currentWeights;
        }
        snapshots.settle(values, weights, updated, plan.apply());
    }

    @Override
    public Aggregates aggregates() {
        return averaged[2] > 0 ? new Aggregates(averaged[0] / averaged[2], averaged[1] / averaged[2]) : gradients.aggregates();
    }

    @Override
    public void broadcast(float[] row) {
        if (row.length != values.dim) {
            throw new IllegalArgumentException("a row of " + row.length + " values for a matrix of dimension " + values.dim);
        }
        forEachRowRange(i -> System.arraycopy(row, 0, values.block(i), values.offset(i), row.length));
        Arrays.fill(weights, 1.0);
    }

    @Override
    public void load(Task task) {
        this.task = task;
    }

    /**
     * Every peer's steps at once, one task per peer: a peer's steps read and write only its own row (or, accumulating,
     * its own gradient accumulator).
     */
    private void step(LocalSteps plan) {
        if (task == null || task.dim() != values.dim) {
            throw new IllegalStateException("load a task of dimension " + values.dim + " first");
        }
        if (plan.accumulates()) {
            gradients.accumulate(task, plan, values, weights, this::run);
            return;
        }
        OptimizerStates states = gradients.optimizers(plan.optimizer());
        run(plan.peers().length, p -> {
            int peer = plan.peers()[p];
            ModelKernels.localSteps(task, plan, p, values.block(peer), values.offset(peer), weights[peer], states);
        });
    }

    @Override
    public Evaluation evaluate() {
        markReference();
        double spread = meanSquaredError();
        return new Evaluation(ModelKernels.loss(task, reference, false, this::run),
                task.testRows() == 0 ? Double.NaN : ModelKernels.accuracy(task, reference, true, this::run), spread);
    }

    /**
     * Each completed group's mean, of its members' rows or (with a codec) of their decoded rows; or what its compressed
     * all-reduce makes of them.
     */
    private void average(GroupAveraging plan) {
        int[] offsets = plan.offsets();
        int[] members = plan.members();
        Rows source = values;
        if (plan.compression() != null) {
            GroupMeans.compressed(plan, values, this::run, averaged);
            GroupMeans.weights(plan, weights);
            return;
        }
        if (plan.codec() != null) {
            boolean[] sends = new boolean[values.rows];
            for (int g = 0; g < plan.groupCount(); g++) {
                for (int k = offsets[g]; k < offsets[g + 1] && !plan.failed(g); k++) {
                    sends[members[k]] = true;
                }
            }
            source = decode(plan.codec(), sends);
        } else if (values.dim == 1 && values.flat() != null && lossless(plan.loss())) {
            scalars.average(plan, values.flat(), weights);
            return;
        }
        if (!lossless(plan.loss())) {
            LossyPlans.average(plan, source, scratch("averaging over lossy links"), values, this::run);
            GroupMeans.weights(plan, weights);
            return;
        }
        GroupMeans.values(plan, source, values, this::run);
        GroupMeans.weights(plan, weights);
    }

    /** Without retransmission, lossy links change the values; with it (or no loss), the plan is exact. */
    private static boolean lossless(LossyRound loss) {
        return loss == null || loss.exact();
    }

    private void mix(SparseMixing plan) {
        int[] rows = plan.rows();
        int[] offsets = plan.offsets();
        int[] sources = plan.sources();
        Rows sent = values;
        if (plan.codec() != null) {
            boolean[] sends = new boolean[values.rows];
            for (int r = 0; r < rows.length; r++) {
                for (int k = offsets[r]; k < offsets[r + 1]; k++) {
                    sends[sources[k]] |= sources[k] != rows[r];
                }
            }
            sent = decode(plan.codec(), sends);
        } else if (values.dim == 1 && values.flat() != null && lossless(plan.loss())) {
            scalars.mix(plan, values.flat(), weights);
            return;
        }
        scratch("mixing");
        if (lossless(plan.loss())) {
            Mixing.weightedSums(plan, values, sent, scratch, this::run);
        } else {
            LossyPlans.mix(plan, values, weights, sent, scratch, this::run);
        }
        Mixing.commit(plan, values, weights, scratch, scratchWeights, this::run);
    }

    /** The second matrix that mixing (and lossy averaging) writes into, allocated on first use. */
    private Rows scratch(String purpose) {
        if (scratch == null) {
            scratch = values.copyShape(purpose);
            scratchWeights = new double[values.rows];
        }
        return scratch;
    }

    /**
     * Writes the codec's round trip of every row marked in {@code sends} into the codec buffer, one task per range of
     * rows (each row's round trip reads and writes only that row, so the result does not depend on the threads).
     */
    private Rows decode(Codec codec, boolean[] sends) {
        if (decoded == null) {
            decoded = values.copyShape("compressing");
        }
        Rows out = decoded;
        forEachRowRange(i -> {
            if (sends[i]) {
                codec.roundTrip(values.block(i), values.offset(i), values.dim, out.block(i), out.offset(i));
            }
        });
        return out;
    }

    @Override
    public Snapshot snapshot() {
        int dim = values.dim;
        float[] copy = new float[Math.toIntExact((long) values.rows * dim)];
        for (int i = 0; i < values.rows; i++) {
            System.arraycopy(values.block(i), values.offset(i), copy, i * dim, dim);
        }
        return new Snapshot(values.rows, dim, copy, weights.clone());
    }

    @Override
    public void close() {
        values = null;
        scratch = null;
        decoded = null;
        snapshots = null;
    }

    /** Calls {@code fill} for every row, in row ranges of about {@link Pieces#TASK_VALUES} values. */
    private void forEachRowRange(IntConsumer fill) {
        int rowsPerTask = Math.max(1, Pieces.TASK_VALUES / values.dim);
        int tasks = (values.rows + rowsPerTask - 1) / rowsPerTask;
        run(tasks, t -> {
            for (int i = t * rowsPerTask, end = Math.min(values.rows, i + rowsPerTask); i < end; i++) {
                fill.accept(i);
            }
        });
    }

    private void run(int tasks, IntConsumer task) {
        if (pool == null || tasks <= 1) {
            for (int t = 0; t < tasks; t++) {
                task.accept(t);
            }
        } else {
            pool.submit(() -> IntStream.range(0, tasks).parallel().forEach(task)).join();
        }
    }
}
