package org.moshsim.study;

import java.util.List;
import java.util.Map;
import org.moshsim.config.StudySpec;
import org.moshsim.report.CurveChart;
import org.moshsim.report.Interval;
import org.moshsim.straggler.MicroBatchTimes;
import org.moshsim.straggler.StragglerSweep;

/**
 * DropCompute against plain synchronous training as workers are added (Giladi et al. 2023, Fig. 1): the step time
 * of each, DropCompute's drop rate and its effective speedup = kept fraction x baseline / DropCompute step time,
 * with tau chosen automatically per worker count and seed on warm-up steps and measured on fresh ones.
 */
final class DropComputeStudy {
    static final String SYNCHRONOUS = "synchronous";
    static final String DROP_COMPUTE = "drop-compute";

    private DropComputeStudy() {
    }

    static StudyResult run(StudySpec.DropCompute spec, int seeds, Progress progress) {
        StudyTable.Builder table = new StudyTable.Builder("workers", "step_time_s", "drop_rate", "effective_speedup", "threshold_s");
        int[] workers = spec.workers().stream().mapToInt(Integer::intValue).toArray();
        MicroBatchTimes model = MicroBatchTimes.lognormal(spec.microBatchTime(), spec.noise());
        for (int seed = 0; seed < seeds; seed++) {
            for (int n : workers) {
                StragglerSweep.Point point = StragglerSweep.run(model, seed, new int[] {n}, spec.microBatches(), spec.allReduce(),
                        spec.warmUpSteps(), spec.steps()).get(0);
                table.add(SYNCHRONOUS, point.workers(), seed, point.baselineStepTime(), 0, 1, Double.POSITIVE_INFINITY);
                table.add(DROP_COMPUTE, point.workers(), seed, point.dropComputeStepTime(), point.dropRate(), point.effectiveSpeedup(),
                        point.threshold());
                progress.done();
            }
        }
        StudyTable result = table.build();
        List<StudyResult.Figure> figures = List.of(new StudyResult.Figure("drop-compute", null, "workers", true, List.of(
                new CurveChart.Panel("step_time_s", "step time (s)", false),
                new CurveChart.Panel("effective_speedup", "effective speedup", false),
                new CurveChart.Panel("drop_rate", "dropped micro-batches", false))));
        return new StudyResult(result, figures, summary(spec, seeds, result));
    }

    private static String summary(StudySpec.DropCompute spec, int seeds, StudyTable table) {
        StringBuilder md = new StringBuilder();
        md.append(String.format("%d micro-batches of %.3g s (log-normal noise, sigma %.2f) per step, all-reduce %.3g s; tau chosen on "
                + "%d warm-up steps, measured on %d fresh steps; mean over %d seeds with 95%% intervals.%n%n", spec.microBatches(),
                spec.microBatchTime(), spec.noise(), spec.allReduce(), spec.warmUpSteps(), spec.steps(), seeds));
        md.append("| workers | synchronous step (s) | DropCompute step (s) | tau (s) | drop rate | effective speedup |\n");
        md.append("|---:|---:|---:|---:|---:|---:|\n");
        Map<Double, Interval> baseline = table.curve(SYNCHRONOUS, "step_time_s");
        Map<Double, Interval> step = table.curve(DROP_COMPUTE, "step_time_s");
        Map<Double, Interval> tau = table.curve(DROP_COMPUTE, "threshold_s");
        Map<Double, Interval> drop = table.curve(DROP_COMPUTE, "drop_rate");
        Map<Double, Interval> speedup = table.curve(DROP_COMPUTE, "effective_speedup");
        for (double n : baseline.keySet()) {
            md.append(String.format("| %d | %s | %s | %s | %s | %s |%n", (int) n, Markdown.interval(baseline.get(n), "%.3f"),
                    Markdown.interval(step.get(n), "%.3f"), Markdown.interval(tau.get(n), "%.3f"),
                    Markdown.interval(drop.get(n), "%.4f"), Markdown.interval(speedup.get(n), "%.3f")));
        }
        return md.toString();
    }
}
