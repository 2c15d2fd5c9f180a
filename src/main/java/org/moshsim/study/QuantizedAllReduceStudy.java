package org.moshsim.study;

import java.util.ArrayList;
import java.util.List;
import org.moshsim.compress.AllReduceOutcome;
import org.moshsim.compress.CompressedAllReduce;
import org.moshsim.compress.Float16RingAllReduce;
import org.moshsim.compress.GroupQuantizer;
import org.moshsim.compress.TwoStepQuantizedAllReduce;
import org.moshsim.config.StudySpec;
import org.moshsim.random.RandomStreams;
import org.moshsim.report.CurveChart;
import org.moshsim.report.Interval;

/**
 * Flash Communication's two-step low-bit all-reduce against ring all-reduces in float16 and float32: the relative
 * error of the sum (measured value by value on the study's vectors) and the communication time of each, priced as
 * steps x latency + bytes of the busiest peer / bandwidth with the bytes scaled from the simulated vector to each
 * regime's payload. Curves: one per group size (x: bits), the float16 ring at x = 16, the float32 ring at x = 32.
 */
final class QuantizedAllReduceStudy {
    private QuantizedAllReduceStudy() {
    }

    static StudyResult run(StudySpec.QuantizedAllReduce spec, int seeds, Progress progress) {
        List<String> quantities = new ArrayList<>(List.of("relative_error", "bytes_per_value"));
        spec.regimes().forEach(r -> quantities.add(timeColumn(r)));
        StudyTable.Builder table = new StudyTable.Builder("bits", quantities.toArray(String[]::new));
        for (int seed = 0; seed < seeds; seed++) {
            float[][] peers = new float[spec.peers()][spec.values()];
            for (int p = 0; p < spec.peers(); p++) {
                RandomStreams.normalRow(seed, p, 0, 1, peers[p], 0, spec.values());
            }
            double[] exact = new double[spec.values()];
            for (float[] row : peers) {
                for (int j = 0; j < row.length; j++) {
                    exact[j] += row[j];
                }
            }
            for (int group : spec.groupSizes()) {
                for (int bits : spec.bits()) {
                    add(table, spec, "int g=" + group, bits, seed, new TwoStepQuantizedAllReduce(new GroupQuantizer(bits, group)),
                            peers, exact);
                }
            }
            add(table, spec, "float16 ring", 16, seed, new Float16RingAllReduce(), peers, exact);
            // The uncompressed ring: exact (float64 sums here), 2(N - 1) steps of D / N float32 values each.
            long ringBytes = 2L * (spec.peers() - 1) * 4L * spec.values() / spec.peers();
            table.add("float32 ring", 32, seed, row(spec, 0, ringBytes, 2 * (spec.peers() - 1)));
            progress.done();
        }
        StudyTable result = table.build();
        List<CurveChart.Panel> panels = new ArrayList<>();
        panels.add(new CurveChart.Panel("relative_error", "relative error of the sum", true));
        spec.regimes().forEach(r -> panels.add(new CurveChart.Panel(timeColumn(r), r.name() + ": seconds", true)));
        return new StudyResult(result, List.of(new StudyResult.Figure("quantized-all-reduce", null, "bits per value", false, panels)),
                summary(spec, seeds, result));
    }

    private static void add(StudyTable.Builder table, StudySpec.QuantizedAllReduce spec, String curve, int bits, int seed,
                            CompressedAllReduce allReduce, float[][] peers, double[] exact) {
        AllReduceOutcome outcome = allReduce.reduce(peers);
        double error = 0;
        double norm = 0;
        for (int j = 0; j < exact.length; j++) {
            error += (outcome.sum()[j] - exact[j]) * (outcome.sum()[j] - exact[j]);
            norm += exact[j] * exact[j];
        }
        table.add(curve, bits, seed, row(spec, Math.sqrt(error / norm), outcome.maxBytesSent(), outcome.steps()));
    }

    /** The relative error, bytes per value of the busiest peer, and the seconds in each regime. */
    private static double[] row(StudySpec.QuantizedAllReduce spec, double error, long bytes, int steps) {
        double[] values = new double[2 + spec.regimes().size()];
        values[0] = error;
        values[1] = (double) bytes / spec.values();
        for (int r = 0; r < spec.regimes().size(); r++) {
            StudySpec.Regime regime = spec.regimes().get(r);
            // The payload is float32: scale the busiest peer's bytes from this vector to the modelled one.
            values[2 + r] = regime.seconds(steps, bytes * regime.payload() / (4.0 * spec.values()));
        }
        return values;
    }

    private static String timeColumn(StudySpec.Regime regime) {
        return "seconds_" + regime.name();
    }

    private static String summary(StudySpec.QuantizedAllReduce spec, int seeds, StudyTable table) {
        StringBuilder md = new StringBuilder();
        md.append(String.format("%d peers sum vectors of %d standard normal values; error relative to the exact sum; mean over "
                + "%d seeds. Time = steps x latency + bytes of the busiest peer / bandwidth, bytes scaled to each regime's payload.%n%n",
                spec.peers(), spec.values(), seeds));
        md.append("| all-reduce | bits | relative error | bytes per value sent |");
        spec.regimes().forEach(r -> md.append(" ").append(r.name()).append(" (s) | vs float16 ring |"));
        md.append("\n|---|---:|---:|---:|");
        spec.regimes().forEach(r -> md.append("---:|---:|"));
        md.append("\n");
        List<Double> ring = new ArrayList<>();
        spec.regimes().forEach(r -> ring.add(table.curve("float16 ring", timeColumn(r)).get(16.0).mean()));
        for (String curve : table.curves()) {
            for (double bits : table.curve(curve, "relative_error").keySet()) {
                Interval error = table.curve(curve, "relative_error").get(bits);
                md.append(String.format("| %s | %d | %.3g | %.3f |", curve, (int) bits, error.mean(),
                        table.curve(curve, "bytes_per_value").get(bits).mean()));
                for (int r = 0; r < spec.regimes().size(); r++) {
                    double seconds = table.curve(curve, timeColumn(spec.regimes().get(r))).get(bits).mean();
                    md.append(String.format(" %.4g | %.2fx |", seconds, ring.get(r) / seconds));
                }
                md.append("\n");
            }
        }
        spec.regimes().forEach(r -> md.append(String.format("%n%s: payload %.4g MB, %.4g Gbit/s, latency %.3g us.", r.name(),
                r.payload() / 1e6, r.bandwidth() * 8 / 1e9, r.latency() * 1e6)));
        return md.append("\n").toString();
    }
}
