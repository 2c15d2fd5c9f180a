package org.moshsim.report;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/** Panel titles and category names of a sweep's points, from their coordinates in metrics.csv. */
final class Titles {
    /** The column that holds a point's {@code label}, where the config names its points. */
    static final String POINT = "point";

    private Titles() {
    }

    /**
     * A point's name among {@code all}: its label where it has one, and the swept values that tell it apart from the
     * points of the same label, as {@code key = value}; {@code whole} when nothing tells it apart. Empty values (keys a
     * point does not set) are left out.
     */
    static String of(Map<String, String> point, Collection<Map<String, String>> all, String whole) {
        StringJoiner title = new StringJoiner(", ");
        String label = point.get(POINT);
        if (label != null && !label.isEmpty()) {
            title.add(label);
        }
        point.forEach((key, value) -> {
            if (key.equals(POINT) || value == null || value.isEmpty()) {
                return;
            }
            // A value every point shares tells nothing; one that points of the same label share, neither.
            boolean telling = all.stream().anyMatch(other -> Objects.equals(label, other.get(POINT)) && !Objects.equals(value, other.get(key)));
            if (telling) {
                title.add(key + " = " + value);
            }
        });
        return title.length() == 0 ? whole : title.toString();
    }
}
