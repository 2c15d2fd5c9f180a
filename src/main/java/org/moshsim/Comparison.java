package org.moshsim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A config's {@code compare} entry resolved to the cells it pairs: each candidate (a point's coordinates and a
 * protocol) with its baseline. Per pair, runs are matched by seed; the summary gives the speedup to each target
 * (time_baseline / time_candidate) and the ratio candidate / baseline of each measure's final value.
 */
public record Comparison(String name, List<Pair> pairs) {
    public Comparison {
        pairs = List.copyOf(pairs);
    }

    /** A candidate cell and the baseline cell it is measured against. */
    public record Pair(Map<String, String> baseline, String baselineProtocol, Map<String, String> candidate,
                       String candidateProtocol) {
        public Pair {
            baseline = Collections.unmodifiableMap(new LinkedHashMap<>(baseline));
            candidate = Collections.unmodifiableMap(new LinkedHashMap<>(candidate));
        }
    }
}
