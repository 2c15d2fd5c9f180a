package org.moshsim.api;

import java.util.List;
import java.util.Map;
import org.moshsim.config.Experiment;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.Series;
import org.moshsim.report.Summary;

/**
 * What an experiment measured, as objects: every run's series (the rows of metrics.csv) and the summary (the rows of
 * summary.csv: per point and protocol the rounds and seconds to each target, with the seeds that reached it, the final
 * values and the speedups), computed as {@code moshsim run} computes them.
 *
 * @param experiment what ran
 * @param metrics every run's measurements, in the canonical order of points, protocols and seeds
 */
public record Results(Experiment experiment, MetricsTable metrics) {
    /**
     * Every run's measurements.
     *
     * @return one series per point, protocol and seed
     */
    public List<Series> series() {
        return metrics.series();
    }

    /**
     * The summary: one row per point and protocol, over the experiment's targets.
     *
     * @return the rows, points in order, protocols in order within a point
     */
    public List<Summary.Row> summary() {
        return Summary.compute(metrics, experiment.targets());
    }

    /**
     * The summary's row of one protocol at one point.
     *
     * @param point the point's coordinates: each swept key's value as metrics.csv writes it (empty when nothing is swept)
     * @param protocol the protocol's label
     * @return the row
     * @throws IllegalArgumentException when no row has them
     */
    public Summary.Row row(Map<String, String> point, String protocol) {
        return summary().stream().filter(r -> r.coordinates().equals(point) && r.protocol().equals(protocol)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no summary row for " + protocol + " at " + point));
    }

    /**
     * The comparisons the config asks for ({@code compare}), computed as summary.csv's columns are.
     *
     * @return one entry per comparison and pair of cells
     */
    public List<Summary.Compared> comparisons() {
        return Summary.compare(metrics, experiment.targets(), experiment.comparisons());
    }
}
