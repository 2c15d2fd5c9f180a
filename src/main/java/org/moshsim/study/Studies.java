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
        throw new IllegalStateException("no runner for " + spec);
    }
}
