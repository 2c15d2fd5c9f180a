package org.moshsim.straggler;

import java.util.ArrayList;
import java.util.List;

/**
 * Synchronous training with and without DropCompute as the number of workers grows (Giladi et al. 2023, Fig. 1 and
 * Fig. 4): for each N, tau is chosen automatically on warm-up steps and evaluated on later steps of the same seed.
 * The baseline's step time grows with N (the maximum of N heavy-tailed sums), so DropCompute's effective speedup
 * grows with N while its drop rate stays small.
 */
public final class StragglerSweep {
    private StragglerSweep() {
    }

    /**
     * One number of workers.
     *
     * @param workers       N
     * @param idealStepTime M x mean + all-reduce: the step time without compute variance
     * @param dropCompute   the chosen tau evaluated on fresh steps against the baseline
     */
    public record Point(int workers, double idealStepTime, SpeedupEstimate dropCompute) {
        public double threshold() {
            return dropCompute.threshold();
        }

        /** Mean step time of plain synchronous training. */
        public double baselineStepTime() {
            return dropCompute.baselineStepTime();
        }

        /** Mean step time with DropCompute. */
        public double dropComputeStepTime() {
            return dropCompute.dropComputeStepTime();
        }

        public double dropRate() {
            return dropCompute.dropRate();
        }

        /** DropCompute's effective speedup over the baseline (1 means no gain). */
        public double effectiveSpeedup() {
            return dropCompute.effectiveSpeedup();
        }

        /** Ideal / baseline step time: the scaling efficiency stragglers leave to plain synchronous training. */
        public double baselineEfficiency() {
            return idealStepTime / baselineStepTime();
        }
    }

    /**
     * For each worker count: steps 0 .. warmUpSteps-1 choose tau ({@link ThresholdSelection}), steps warmUpSteps ..
     * warmUpSteps + steps - 1 measure it.
     */
    public static List<Point> run(MicroBatchTimes model, long seed, int[] workerCounts, int microBatches,
            double allReduceSeconds, int warmUpSteps, int steps) {
        List<Point> points = new ArrayList<>();
        for (int workers : workerCounts) {
            MicroBatchTrace warmUp = MicroBatchTrace.simulate(model, seed, workers, microBatches, 0, warmUpSteps);
            double tau = ThresholdSelection.choose(warmUp, allReduceSeconds).threshold();
            MicroBatchTrace fresh = MicroBatchTrace.simulate(model, seed, workers, microBatches, warmUpSteps, steps);
            double ideal = microBatches * model.mean() + allReduceSeconds;
            points.add(new Point(workers, ideal, fresh.estimate(tau, allReduceSeconds)));
        }
        return points;
    }
}
