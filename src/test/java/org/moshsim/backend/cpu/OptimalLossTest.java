package org.moshsim.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.moshsim.config.TrainingSpec;
import org.moshsim.workload.Dataset;
import org.moshsim.workload.Training;

/**
 * The least-squares optimum's loss, which the workload computes on its own (workloads never call the CPU kernels), is
 * what the kernels evaluate at the optimum, to the bit: an excess loss of a model at the optimum is exactly 0.
 */
class OptimalLossTest {
    @Test
    void theWorkloadsOptimumLossIsTheKernelsLossAtTheOptimum() {
        for (int examples : new int[] {7, 256, 700}) {
            for (double l2 : new double[] {0, 1e-3}) {
                TrainingSpec spec = new TrainingSpec(TrainingSpec.Model.LEAST_SQUARES, "synthetic", examples, 5, 0.3, 0, 0.0,
                        Double.POSITIVE_INFINITY, 4, 0.1, l2, 1, 0.1, 0.0);
                Training training = Training.prepare(spec, 2, 11);
                Dataset train = new Dataset("train", 5, 0, training.task().trainX(), training.task().trainY());
                double[] optimum = Dataset.leastSquaresOptimum(train, l2);
                assertEquals(ModelKernels.loss(training.task(), optimum, false), training.optimalLoss(), 0.0,
                        examples + " examples, l2 " + l2);
                double[] elsewhere = optimum.clone();
                elsewhere[2] += 0.25;
                assertEquals(ModelKernels.loss(training.task(), elsewhere, false), Dataset.leastSquaresLoss(train, elsewhere, l2), 0.0);
            }
        }
    }
}
