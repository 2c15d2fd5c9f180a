package org.moshsim.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Availability traces: CSV rows {@code peer,start,end} (seconds) of the intervals each peer is online, such as
 * the client-availability traces of federated learning. A first line that is not numbers is a header.
 * Peer ids may be any integers; they are renumbered 0..K-1 in increasing order.
 */
final class Traces {
    /** The largest trace read: millions of sessions. */
    static final long MAX_BYTES = 256L << 20;

    private Traces() {
    }

    /** Each trace peer's online intervals, sorted and merged, as [start, end, start, end, ...]. */
    static List<double[]> read(String file) {
        List<String> lines = new String(ExperimentReader.bytes(Path.of(file), MAX_BYTES, "a trace"), StandardCharsets.UTF_8).lines().toList();
        Map<Long, List<double[]>> byPeer = new TreeMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\\s*,\\s*");
            long peer;
            double start;
            double end;
            try {
                if (cells.length != 3) {
                    throw new NumberFormatException();
                }
                peer = Long.parseLong(cells[0]);
                start = Double.parseDouble(cells[1]);
                end = Double.parseDouble(cells[2]);
            } catch (NumberFormatException e) {
                if (byPeer.isEmpty() && n == firstContentLine(lines)) {
                    continue;
                }
                throw new ConfigError(file, n + 1, "'" + line + "' is not a row of peer,start,end (an integer and two times in seconds)");
            }
            if (!(start >= 0) || !(end > start) || Double.isInfinite(end)) {
                throw new ConfigError(file, n + 1, "the interval [" + start + ", " + end + ") is not allowed; expected 0 <= start < end");
            }
            byPeer.computeIfAbsent(peer, k -> new ArrayList<>()).add(new double[] {start, end});
        }
        if (byPeer.isEmpty()) {
            throw new ConfigError(file, 1, "holds no peer,start,end rows");
        }
        List<double[]> intervals = new ArrayList<>();
        for (List<double[]> peer : byPeer.values()) {
            peer.sort((a, b) -> Double.compare(a[0], b[0]));
            List<Double> merged = new ArrayList<>();
            for (double[] interval : peer) {
                int last = merged.size() - 1;
                if (last > 0 && interval[0] <= merged.get(last)) {
                    merged.set(last, Math.max(merged.get(last), interval[1]));
                } else {
                    merged.add(interval[0]);
                    merged.add(interval[1]);
                }
            }
            intervals.add(merged.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return intervals;
    }

    private static int firstContentLine(List<String> lines) {
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (!line.isEmpty() && !line.startsWith("#")) {
                return n;
            }
        }
        return -1;
    }
}
