package org.moshsim.config;

import java.util.List;

/** What a study config asks for: one of the related-work studies, each a closed set of parameters. */
public sealed interface StudySpec {
    /**
     * DropCompute against plain synchronous training as the number of workers grows (Giladi et al. 2023, Fig. 1):
     * workers run {@code microBatches} micro-batches of {@code microBatchTime} seconds on average with log-normal
     * noise of {@code noise} (sigma), then an all-reduce of {@code allReduce} seconds; tau is chosen on
     * {@code warmUpSteps} steps and measured on {@code steps} more.
     */
    record DropCompute(List<Integer> workers, int microBatches, double microBatchTime, double noise, double allReduce,
                       int warmUpSteps, int steps) implements StudySpec {
    }
}
