package org.moshsim.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.moshsim.report.Interval;

/**
 * A study's results in tidy form: one row per curve (a method, e.g. {@code drop-compute}), x (e.g. the number of
 * workers) and seed, one value per quantity (e.g. step time, drop rate). Its CSV, charts and summary are drawn
 * from it alone.
 */
public record StudyTable(String x, List<String> quantities, List<Row> rows) {
    public record Row(String curve, double x, int seed, double[] values) {
    }

    public StudyTable {
        quantities = List.copyOf(quantities);
        rows = List.copyOf(rows);
        for (Row row : rows) {
            if (row.values().length != quantities.size()) {
                throw new IllegalArgumentException("a row of " + row.values().length + " values for " + quantities);
            }
        }
    }

    /** The curves in order of first appearance. */
    public List<String> curves() {
        return List.copyOf(new LinkedHashSet<>(rows.stream().map(Row::curve).toList()));
    }

    /** One curve's quantity at each x, over seeds: the mean and its 95% interval, by increasing x. */
    public Map<Double, Interval> curve(String curve, String quantity) {
        int q = index(quantity);
        Map<Double, List<Double>> samples = new TreeMap<>();
        for (Row row : rows) {
            if (row.curve().equals(curve)) {
                samples.computeIfAbsent(row.x(), x -> new ArrayList<>()).add(row.values()[q]);
            }
        }
        Map<Double, Interval> intervals = new LinkedHashMap<>();
        samples.forEach((x, values) -> intervals.put(x, Interval.of(values.stream().mapToDouble(Double::doubleValue).toArray())));
        return intervals;
    }

    public int index(String quantity) {
        int q = quantities.indexOf(quantity);
        if (q < 0) {
            throw new IllegalArgumentException("no quantity " + quantity + " in " + quantities);
        }
        return q;
    }

    /** Collects rows. */
    public static final class Builder {
        private final String x;
        private final List<String> quantities;
        private final List<Row> rows = new ArrayList<>();

        public Builder(String x, String... quantities) {
            this.x = x;
            this.quantities = List.of(quantities);
        }

        public Builder add(String curve, double x, int seed, double... values) {
            rows.add(new Row(curve, x, seed, values.clone()));
            return this;
        }

        public StudyTable build() {
            return new StudyTable(x, quantities, rows);
        }
    }
}
