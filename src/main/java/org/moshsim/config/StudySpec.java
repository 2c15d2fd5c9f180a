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

    /** Error feedback around a sparsifier: none, EF14, EF21, or EF21M with momentum weight {@code eta}. */
    enum Feedback { NONE, EF14, EF21, EF21M }

    /**
     * A gradient compressor for synchronous data-parallel SGD: {@code none} (float32 ring all-reduce), {@code float16}
     * (float16 ring), {@code int} (two-step all-reduce at {@code bits} per value in groups of {@code group}), or a
     * sparsifier keeping {@code ratio} of the values ({@code top-k}, exchanged by all-gather; {@code rand-k} with
     * shared indices; {@code arc-top-k} with {@code rows} rows and a sketch of {@code rank} columns), with feedback.
     */
    record Compressor(String type, String label, int bits, int group, double ratio, int rows, int rank, Feedback feedback,
                      double eta) {
    }

    /**
     * Gradient compression in synchronous data-parallel SGD: accuracy against bytes and simulated time for each
     * compressor; {@code network} prices each step's collective for its modelled payload, {@code training.stepTime}
     * is the compute per step.
     */
    record Compression(int peers, int steps, int evaluateEvery, TrainingSpec training, Regime network, double accuracyTarget,
                       List<Compressor> compressors) implements StudySpec {
    }

    /**
     * Synchronous SGD through a parameter server over lossy links (Weintraub et al. 2025): gradients go up and
     * parameters come down in packets of {@code packetValues} float32 values, each lost with the loss rate (or in
     * Gilbert-Elliott bursts of mean length {@code burstLength} packets when it is above 1); the server aggregates
     * by zero-fill, received-only or retransmission, and a peer that misses a packet of the broadcast keeps its
     * stale values (retransmission resends until everything arrives, both ways). {@code network} prices the
     * modelled payload.
     */
    record PacketLoss(int peers, int steps, TrainingSpec training, Regime network, List<Double> lossRates, int packetValues,
                      double burstLength, List<String> methods) implements StudySpec {
    }
}
