package org.moshsim.study;

import org.moshsim.config.Study;
import org.moshsim.config.StudySpec;

/** Runs a study config. */
public final class Studies {
    private Studies() {
    }

    public static StudyResult run(Study study) {
        StudySpec spec = study.spec();
        if (spec instanceof StudySpec.DropCompute dropCompute) {
            return DropComputeStudy.run(dropCompute, study.seeds());
        }
        if (spec instanceof StudySpec.QuantizedAllReduce quantized) {
            return QuantizedAllReduceStudy.run(quantized, study.seeds());
        }
        if (spec instanceof StudySpec.Compression compression) {
            return CompressionStudy.run(compression, study.seeds());
        }
        if (spec instanceof StudySpec.PacketLoss packetLoss) {
            return PacketLossStudy.run(packetLoss, study.seeds());
        }
        throw new IllegalStateException("no runner for " + spec);
    }
}
