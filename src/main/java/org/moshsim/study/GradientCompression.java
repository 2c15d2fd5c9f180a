package org.moshsim.study;

import org.moshsim.compress.AllReduceOutcome;
import org.moshsim.compress.ArcTopK;
import org.moshsim.compress.CollectiveCompressor;
import org.moshsim.compress.EF14;
import org.moshsim.compress.EF21;
import org.moshsim.compress.EF21M;
import org.moshsim.compress.ErrorFeedback;
import org.moshsim.compress.Float16RingAllReduce;
import org.moshsim.compress.GroupQuantizer;
import org.moshsim.compress.RandK;
import org.moshsim.compress.TopK;
import org.moshsim.compress.TwoStepQuantizedAllReduce;
import org.moshsim.config.StudySpec;

/**
 * One compressor as a gradient exchange: every peer takes the same step along the aggregate, and the step's collective is
 * priced for the modelled model of P = payload / 4 parameters (bytes of the busiest peer):
 * <ul>
 *   <li>none: ring all-reduce, 2(N - 1) steps of 4P / N bytes; float16: the float16 ring; int: the two-step
 *   quantized all-reduce (2 steps); their bytes, measured on the proxy model, scale with P / D.</li>
 *   <li>top-k: each peer's k = ratio P values and indices reach every peer by a ring all-gather, N - 1 steps of 8k
 *   bytes: the cost grows with N.</li>
 *   <li>rand-k: the shared indices make it a ring all-reduce of 4k bytes; unscaled under error feedback, scaled by
 *   D / k (unbiased) without.</li>
 *   <li>arc-top-k: two ring all-reduces, the sketch then the kept rows (4 ratio P bytes). The sketch does not scale
 *   with P, so it is priced for the modelled model read as a square matrix: ceil(sqrt(P)) rows x rank values.</li>
 * </ul>
 */
final class GradientCompression implements DataParallelSgd.Exchange {
    private final StudySpec.Compressor spec;
    private final StudySpec.Regime network;
    private final int peers;
    private final long seed;
    private final Sparsifiers sparsifiers;
    private int dim;
    private CollectiveCompressor sparsifier;
    private ErrorFeedback feedback;
    private float[][] floats;
    private float[][] compressed;
    private float[] aggregate;

    GradientCompression(StudySpec.Compressor spec, StudySpec.Regime network, int peers, long seed, Sparsifiers sparsifiers) {
        this.spec = spec;
        this.sparsifiers = sparsifiers;
        this.network = network;
        this.peers = peers;
        this.seed = seed;
    }

    @Override
    public DataParallelSgd.Communication exchange(int step, double[][] gradients, double[][] models, double learningRate) {
        if (floats == null) {
            start(gradients[0].length);
        }
        for (int i = 0; i < peers; i++) {
            for (int j = 0; j < dim; j++) {
                floats[i][j] = (float) gradients[i][j];
            }
        }
        long bytes;
        int messages;
        switch (spec.type()) {
            case "none" -> {
                meanOf(floats);
                bytes = ring(4L * dim);
                messages = 2 * (peers - 1);
            }
            case "float16", "int" -> {
                AllReduceOutcome outcome = spec.type().equals("float16") ? new Float16RingAllReduce().reduce(floats)
                        : new TwoStepQuantizedAllReduce(new GroupQuantizer(spec.bits(), spec.group())).reduce(floats);
                for (int j = 0; j < dim; j++) {
                    aggregate[j] = outcome.sum()[j] / peers;
                }
                bytes = outcome.maxBytesSent();
                messages = outcome.steps();
            }
            default -> {
                if (feedback != null) {
                    feedback.step(floats, step, aggregate);
                } else {
                    sparsifier.compress(floats, compressed, step);
                    meanOf(compressed);
                }
                double modelled = network.payload() / 4;
                double kept = Math.max(1, Math.round(spec.ratio() * modelled));
                switch (spec.type()) {
                    case "top-k" -> {
                        bytes = Math.round((peers - 1) * 8 * kept);
                        messages = peers - 1;
                    }
                    case "rand-k" -> {
                        bytes = ring(Math.round(4 * kept));
                        messages = 2 * (peers - 1);
                    }
                    default -> {
                        bytes = ring(Math.round(4 * (Math.ceil(Math.sqrt(modelled)) * spec.rank() + kept)));
                        messages = 4 * (peers - 1);
                    }
                }
                return communicate(models, learningRate, bytes, messages);
            }
        }
        return communicate(models, learningRate, Math.round(bytes * network.payload() / (4.0 * dim)), messages);
    }

    /** Every peer applies the aggregate; the busiest peer sends {@code bytes} (of the modelled model) in {@code messages} steps. */
    private DataParallelSgd.Communication communicate(double[][] models, double learningRate, long bytes, int messages) {
        for (double[] model : models) {
            for (int j = 0; j < dim; j++) {
                model[j] -= learningRate * aggregate[j];
            }
        }
        return new DataParallelSgd.Communication(network.seconds(messages, bytes), bytes);
    }

    private void start(int dimension) {
        dim = dimension;
        floats = new float[peers][dim];
        compressed = new float[peers][dim];
        aggregate = new float[dim];
        int k = (int) Math.max(1, Math.round(spec.ratio() * dim));
        boolean withFeedback = spec.feedback() != StudySpec.Feedback.NONE;
        sparsifier = switch (spec.type()) {
            case "top-k" -> sparsifiers.topK(new TopK(k));
            case "rand-k" -> sparsifiers.randK(new RandK(k, seed, !withFeedback));
            case "arc-top-k" -> sparsifiers.arcTopK(new ArcTopK(spec.rows(), spec.rank(),
                    (int) Math.max(1, Math.round(spec.ratio() * spec.rows())), seed));
            default -> null;
        };
        if (sparsifier != null && withFeedback) {
            feedback = switch (spec.feedback()) {
                case EF14 -> new EF14(peers, dim, sparsifier);
                case EF21 -> new EF21(peers, dim, sparsifier);
                default -> new EF21M(peers, dim, spec.eta(), sparsifier);
            };
        }
    }

    /** The aggregate is the mean of the rows, in float64 in peer order. */
    private void meanOf(float[][] rows) {
        for (int j = 0; j < dim; j++) {
            double sum = 0;
            for (float[] row : rows) {
                sum += row[j];
            }
            aggregate[j] = (float) (sum / peers);
        }
    }

    /** Bytes the busiest peer sends in a ring all-reduce of {@code bytes}: 2(N - 1) chunks of bytes / N. */
    private long ring(long bytes) {
        return 2L * (peers - 1) * bytes / peers;
    }
}
