package org.moshsim.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moshsim.Measure;

/** All runs of an experiment in their canonical order: by point, then protocol, then seed. */
public record MetricsTable(List<String> sweptKeys, List<Series> series) {
    public MetricsTable {
        sweptKeys = List.copyOf(sweptKeys);
        series = List.copyOf(series);
    }

    /** What the runs measured (those of the first run; every run of an experiment measures the same). */
    public List<Measure> measures() {
        return series.isEmpty() ? List.of(Measure.MSE) : series.get(0).measures();
    }

    /** The series grouped by point (their coordinates), in order of first appearance. */
    public Map<Map<String, String>, List<Series>> byPoint() {
        Map<Map<String, String>, List<Series>> points = new LinkedHashMap<>();
        for (Series s : series) {
            points.computeIfAbsent(s.coordinates(), k -> new ArrayList<>()).add(s);
        }
        return points;
    }

    /** The series of one point grouped by protocol, in order of first appearance. */
    public static Map<String, List<Series>> byProtocol(List<Series> point) {
        Map<String, List<Series>> protocols = new LinkedHashMap<>();
        for (Series s : point) {
            protocols.computeIfAbsent(s.protocol(), k -> new ArrayList<>()).add(s);
        }
        return protocols;
    }
}
