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

    /** A latency-bandwidth regime for pricing collectives: the modelled payload (float32 bytes), link bandwidth and latency. */
    record Regime(String name, double payload, double bandwidth, double latency) {
        /** Seconds for {@code steps} sequential messages moving {@code bytes} (scaled to the payload) from the busiest peer. */
        public double seconds(int steps, double bytes) {
            return steps * latency + bytes / bandwidth;
        }
    }

    /**
     * Flash Communication's two-step low-bit all-reduce against a float16 ring (arXiv 2412.04964): {@code peers}
     * vectors of {@code values} standard normal values are summed at each bit width and group size; the error is
     * measured on those values and the time priced in each regime for its payload.
     */
    record QuantizedAllReduce(int peers, int values, List<Integer> bits, List<Integer> groupSizes, List<Regime> regimes)
            implements StudySpec {
    }
}
