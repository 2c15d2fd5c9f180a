package org.moshsim.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.moshsim.config.StudySpec;
import org.moshsim.report.CurveChart;
import org.moshsim.report.Interval;

/**
 * Gradient compression in synchronous data-parallel SGD (ARC-Top-K, Top-K, Rand-K with error feedback; float16
 * and low-bit quantized all-reduces): test accuracy and training loss against bytes sent and simulated seconds,
 * where ARC-Top-K should keep Top-K's accuracy at an all-reduce's cost.
 */
final class CompressionStudy {
    private CompressionStudy() {
    }

    static StudyResult run(StudySpec.Compression spec, int seeds, Sparsifiers sparsifiers, Progress progress) {
        StudyTable.Builder table = new StudyTable.Builder("step", "time_s", "gigabytes", "loss", "accuracy");
        for (StudySpec.Compressor compressor : spec.compressors()) {
            for (int seed = 0; seed < seeds; seed++) {
                GradientCompression exchange = new GradientCompression(compressor, spec.network(), spec.peers(), seed, sparsifiers);
                for (DataParallelSgd.Sample s : DataParallelSgd.run(spec.training(), spec.peers(), spec.steps(), spec.evaluateEvery(),
                        spec.training().stepTime(), seed, exchange)) {
                    table.add(compressor.label(), s.step(), seed, s.time(), s.bytes() / 1e9, s.loss(), s.accuracy());
                }
                progress.done();
            }
        }
        StudyTable result = table.build();
        List<StudyResult.Figure> figures = List.of(
                new StudyResult.Figure("accuracy-time", "time_s", "simulated seconds", false, List.of(
                        new CurveChart.Panel("accuracy", "test accuracy", false), new CurveChart.Panel("loss", "training loss", true))),
                new StudyResult.Figure("accuracy-bytes", "gigabytes", "GB sent per peer", true, List.of(
                        new CurveChart.Panel("accuracy", "test accuracy", false), new CurveChart.Panel("loss", "training loss", true))));
        return new StudyResult(result, figures, summary(spec, seeds, result));
    }

    private static String summary(StudySpec.Compression spec, int seeds, StudyTable table) {
        StringBuilder md = new StringBuilder();
        md.append(String.format("%d peers, %d steps of %.3g s compute, %s on %s; each step's collective priced for a %.4g MB "
                + "float32 payload at %.4g Gbit/s and %.3g ms per message; mean over %d seeds with 95%% intervals.%n%n",
                spec.peers(), spec.steps(), spec.training().stepTime(), spec.training().model().name().toLowerCase(java.util.Locale.ROOT),
                spec.training().dataset(), spec.network().payload() / 1e6, spec.network().bandwidth() * 8 / 1e9,
                spec.network().latency() * 1e3, seeds));
        md.append(String.format("| compressor | MB per step | seconds per step | final loss | final accuracy | seconds to %.2f "
                + "| GB to %.2f |%n|---|---:|---:|---:|---:|---:|---:|%n", spec.accuracyTarget(), spec.accuracyTarget()));
        for (String curve : table.curves()) {
            Map<Double, Interval> time = table.curve(curve, "time_s");
            Map<Double, Interval> gb = table.curve(curve, "gigabytes");
            double last = time.keySet().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            List<Double> reachTimes = new ArrayList<>();
            List<Double> reachBytes = new ArrayList<>();
            int seedCount = 0;
            for (int seed = 0; seed < seeds; seed++) {
                seedCount++;
                for (StudyTable.Row row : table.rows()) {
                    if (row.curve().equals(curve) && row.seed() == seed && row.values()[table.index("accuracy")] >= spec.accuracyTarget()) {
                        reachTimes.add(row.values()[table.index("time_s")]);
                        reachBytes.add(row.values()[table.index("gigabytes")]);
                        break;
                    }
                }
            }
            String toTarget = reachTimes.size() == seedCount ? Markdown.interval(Interval.of(unbox(reachTimes)), "%.1f")
                    : "not reached (" + reachTimes.size() + "/" + seedCount + " seeds)";
            String bytesToTarget = reachBytes.size() == seedCount ? Markdown.interval(Interval.of(unbox(reachBytes)), "%.2f") : "-";
            md.append(String.format("| %s | %.3g | %.3g | %s | %s | %s | %s |%n", curve, gb.get(last).mean() * 1e3 / last,
                    time.get(last).mean() / last, Markdown.interval(table.curve(curve, "loss").get(last), "%.4f"),
                    Markdown.interval(table.curve(curve, "accuracy").get(last), "%.4f"), toTarget, bytesToTarget));
        }
        return md.toString();
    }

    private static double[] unbox(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
