package org.moshsim.study;

import java.util.function.IntConsumer;
import org.moshsim.backend.cuda.CudaSparsification;
import org.moshsim.config.Study;
import org.moshsim.config.StudySpec;

/** Runs a study config. */
public final class Studies {
    private Studies() {
    }

    /** Runs a study on the CPU. */
    public static StudyResult run(Study study) {
        return run(study, false, finished -> { });
    }

    /** How many runs {@link #run} reports to its progress listener. */
    public static int runCount(Study study) {
        StudySpec spec = study.spec();
        int seeds = study.seeds();
        if (spec instanceof StudySpec.DropCompute dropCompute) {
            return seeds * dropCompute.workers().size();
        }
        if (spec instanceof StudySpec.Compression compression) {
            return seeds * compression.compressors().size();
        }
        if (spec instanceof StudySpec.PacketLoss packetLoss) {
            return seeds * (1 + packetLoss.methods().size() * packetLoss.lossRates().size());
        }
        return seeds;
    }

    /**
     * Runs a study, telling {@code progress} how many runs have finished; with {@code gpu}, the compression study's
     * sparsifiers run on the GPU (with the same results).
     */
    public static StudyResult run(Study study, boolean gpu, IntConsumer progress) {
        Progress runs = new Progress(progress);
        StudySpec spec = study.spec();
        if (spec instanceof StudySpec.DropCompute dropCompute) {
            return DropComputeStudy.run(dropCompute, study.seeds(), runs);
        }
        if (spec instanceof StudySpec.QuantizedAllReduce quantized) {
            return QuantizedAllReduceStudy.run(quantized, study.seeds(), runs);
        }
        if (spec instanceof StudySpec.Compression compression) {
            if (!gpu) {
                return CompressionStudy.run(compression, study.seeds(), Sparsifiers.CPU, runs);
            }
            try (CudaSparsification sparsification = CudaSparsification.open()) {
                return CompressionStudy.run(compression, study.seeds(), Sparsifiers.on(sparsification), runs);
            }
        }
        if (spec instanceof StudySpec.PacketLoss packetLoss) {
            return PacketLossStudy.run(packetLoss, study.seeds(), runs);
        }
        throw new IllegalStateException("no runner for " + spec);
    }
}
