package org.moshsim.study;

import org.moshsim.backend.cuda.CudaSparsification;
import org.moshsim.config.Study;
import org.moshsim.config.StudySpec;

/** Runs a study config. */
public final class Studies {
    private Studies() {
    }

    /** Runs a study on the CPU. */
    public static StudyResult run(Study study) {
        return run(study, false);
    }

    /** Runs a study; with {@code gpu}, the compression study's sparsifiers run on the GPU (with the same results). */
    public static StudyResult run(Study study, boolean gpu) {
        StudySpec spec = study.spec();
        if (spec instanceof StudySpec.DropCompute dropCompute) {
            return DropComputeStudy.run(dropCompute, study.seeds());
        }
        if (spec instanceof StudySpec.QuantizedAllReduce quantized) {
            return QuantizedAllReduceStudy.run(quantized, study.seeds());
        }
        if (spec instanceof StudySpec.Compression compression) {
            if (!gpu) {
                return CompressionStudy.run(compression, study.seeds(), Sparsifiers.CPU);
            }
            try (CudaSparsification sparsification = CudaSparsification.open()) {
                return CompressionStudy.run(compression, study.seeds(), Sparsifiers.on(sparsification));
            }
        }
        if (spec instanceof StudySpec.PacketLoss packetLoss) {
            return PacketLossStudy.run(packetLoss, study.seeds());
        }
        throw new IllegalStateException("no runner for " + spec);
    }
}
