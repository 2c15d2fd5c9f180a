package org.moshsim.study;

import java.util.List;
import java.util.Map;
import org.moshsim.config.StudySpec;
import org.moshsim.lossy.BernoulliLoss;
import org.moshsim.lossy.GilbertElliottLoss;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.PacketLayout;
import org.moshsim.lossy.PacketLoss;
import org.moshsim.report.CurveChart;
import org.moshsim.report.Interval;

/**
 * Training under packet loss: for each loss rate and aggregation method, synchronous SGD through a lossy parameter
 * server ({@link LossyParameterServer}); the aggregate's bias and error, the peers' drift, the final loss and
 * accuracy, and the simulated time, against the loss rate.
 */
final class PacketLossStudy {
    private PacketLossStudy() {
    }

    static StudyResult run(StudySpec.PacketLoss spec, int seeds, Progress progress) {
        StudyTable.Builder table = new StudyTable.Builder("loss_rate", "relative_bias", "relative_error", "drift", "loss",
                "loss_vs_lossless", "accuracy", "seconds");
        PacketLayout layout = new PacketLayout(spec.packetValues());
        // Seeds differ in their data split: compare each run's final loss with the lossless run of its seed.
        double[] lossless = new double[seeds];
        for (int seed = 0; seed < seeds; seed++) {
            lossless[seed] = finalSample(spec, new LossyParameterServer(new LossyAggregation.Retransmission(), BernoulliLoss.NONE, layout,
                    spec.network(), seed), seed).loss();
            progress.done();
        }
        for (String name : spec.methods()) {
            LossyAggregation method = switch (name) {
                case "zero-fill" -> new LossyAggregation.ZeroFill();
                case "received-only" -> new LossyAggregation.ReceivedOnly();
                default -> new LossyAggregation.Retransmission();
            };
            for (double p : spec.lossRates()) {
                for (int seed = 0; seed < seeds; seed++) {
                    LossyParameterServer server = new LossyParameterServer(method, loss(p, spec.burstLength()), layout, spec.network(), seed);
                    DataParallelSgd.Sample last = finalSample(spec, server, seed);
                    table.add(name, p, seed, server.relativeBias(), server.relativeError(), last.drift(), last.loss(),
                            last.loss() / lossless[seed], last.accuracy(), last.time());
                    progress.done();
                }
            }
        }
        StudyTable result = table.build();
        List<StudyResult.Figure> figures = List.of(new StudyResult.Figure("packet-loss", null, "packet loss rate", false, List.of(
                new CurveChart.Panel("relative_bias", "aggregate's relative bias", false),
                new CurveChart.Panel("drift", "drift between peers (per value)", true),
                new CurveChart.Panel("loss_vs_lossless", "final loss / lossless final loss", false),
                new CurveChart.Panel("seconds", "simulated seconds", false))));
        return new StudyResult(result, figures, summary(spec, seeds, result));
    }

    private static DataParallelSgd.Sample finalSample(StudySpec.PacketLoss spec, LossyParameterServer server, int seed) {
        List<DataParallelSgd.Sample> samples = DataParallelSgd.run(spec.training(), spec.peers(), spec.steps(), spec.steps(),
                spec.training().stepTime(), seed, server);
        return samples.get(samples.size() - 1);
    }

    /** Independent losses at rate p, or Gilbert bursts of the given mean length with stationary loss rate p. */
    static PacketLoss loss(double p, double burstLength) {
        if (p == 0 || burstLength == 1) {
            return new BernoulliLoss(p);
        }
        double badToGood = 1 / burstLength;
        return GilbertElliottLoss.gilbert(p * badToGood / (1 - p), badToGood);
    }

    private static String summary(StudySpec.PacketLoss spec, int seeds, StudyTable table) {
        StringBuilder md = new StringBuilder();
        md.append(String.format("%d peers, %d steps of %.3g s compute through a parameter server, %s on %s; packets of %d values%s; "
                + "the server's link priced for a %.4g MB payload at %.4g Gbit/s and %.3g ms per pass; mean over %d seeds.%n%n",
                spec.peers(), spec.steps(), spec.training().stepTime(), spec.training().model().name().toLowerCase(java.util.Locale.ROOT),
                spec.training().dataset(), spec.packetValues(), spec.burstLength() > 1
                        ? String.format(", lost in bursts of %.3g packets on average", spec.burstLength()) : ", lost independently",
                spec.network().payload() / 1e6, spec.network().bandwidth() * 8 / 1e9, spec.network().latency() * 1e3, seeds));
        md.append("| method | loss rate | relative bias | relative error | drift | final loss | vs lossless | final accuracy | seconds |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String curve : table.curves()) {
            Map<Double, Interval> bias = table.curve(curve, "relative_bias");
            for (double p : bias.keySet()) {
                md.append(String.format("| %s | %.3g | %s | %.3g | %.3g | %s | %s | %s | %.1f |%n", curve, p,
                        Markdown.interval(bias.get(p), "%.4f"), table.curve(curve, "relative_error").get(p).mean(),
                        table.curve(curve, "drift").get(p).mean(), Markdown.interval(table.curve(curve, "loss").get(p), "%.4f"),
                        Markdown.interval(table.curve(curve, "loss_vs_lossless").get(p), "%.4f"),
                        Markdown.interval(table.curve(curve, "accuracy").get(p), "%.4f"), table.curve(curve, "seconds").get(p).mean()));
            }
        }
        return md.toString();
    }
}
