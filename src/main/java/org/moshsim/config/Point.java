package org.moshsim.config;

import java.util.List;
import java.util.Map;

/**
 * One point of a sweep: the swept keys' values as written (key path to text, in sweep order), the scenario
 * they give, and the protocols compared there.
 */
public record Point(Map<String, String> coordinates, Scenario scenario, List<ProtocolSpec> protocols) {
    public Point {
        coordinates = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(coordinates));
        protocols = List.copyOf(protocols);
    }

    /** A short title such as {@code peers=1024, failures.p=0.005}, or "" when nothing is swept. */
    public String title() {
        StringBuilder title = new StringBuilder();
        coordinates.forEach((key, value) -> title.append(title.length() == 0 ? "" : ", ").append(key).append('=').append(value));
        return title.toString();
    }
}
