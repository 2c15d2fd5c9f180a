package org.moshsim.config;

import java.util.List;
import java.util.Map;
import org.moshsim.lossy.BernoulliLoss;
import org.moshsim.lossy.GilbertElliottLoss;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyLinks;
import org.moshsim.lossy.PacketLoss;

/**
 * Reads {@code packet-loss}: {@code none} (the default) or a mapping such as
 * {@code {rate: 0.05, packet: 1400B, burst-length: 1, aggregation: received-only}}. A burst length of 1 loses packets
 * independently (Bernoulli); L > 1 is a Gilbert channel (every packet of the bad state lost, none of the good) whose
 * bad spells last L packets on average, at the same long-run rate. Rate and aggregation may be swept.
 */
final class PacketLossReader {
    static final String PACKET = "1400B";
    private static final List<String> AGGREGATIONS = List.of("zero-fill", "received-only", "retransmission");
    private static final String ALLOWED = "none, or a mapping such as {rate: 0.05, packet: 1400B, burst-length: 1, "
            + "aggregation: received-only}";

    static final KeySet LINKS = new KeySet("packet-loss", "packet-loss", "Every averaging's rows cross lossy links in packets "
            + "(Weintraub et al. 2025, arXiv 2507.07114).", List.of(
            Key.number("rate", 0, Math.nextDown(1.0), "a loss rate in [0, 1)", "the long-run fraction of packets lost on every link"),
            Key.size("packet", 0, "bytes per packet (from 4B, one float32 value)").orElse(PACKET),
            Key.number("burst-length", 1, Double.MAX_VALUE, "a mean burst length in packets >= 1", "1: packets are lost "
                    + "independently; L > 1: a Gilbert channel whose loss bursts last L packets on average").orElse("1.0"),
            Key.choice("aggregation", AGGREGATIONS, "zero-fill: lost packets are zeros; received-only: the mean of what arrived; "
                    + "retransmission: resend until everything arrives").orElse("received-only")));
    static final Key<Void> KEY = Key.mapping("packet-loss", "word or mapping", ALLOWED, Map.of("enum", List.of("none")),
            List.of(LINKS), "lossy links (every point sets it, or none does)").orElse("none");

    private PacketLossReader() {
    }

    /** The lossy links, or null for none. */
    static LossyLinks read(Section top) {
        Node value = top.value(KEY, "none");
        if (value instanceof Node.Scalar word && (word.kind() == Node.Kind.NULL || word.written().equals("none"))) {
            return null;
        }
        if (!(value instanceof Node.Mapping)) {
            throw top.error("packet-loss", Node.describe(value) + " is not allowed; expected " + ALLOWED);
        }
        Section spec = top.child("packet-loss", value, LINKS);
        double rate = spec.get(ScenarioReader.<Double>key(LINKS, "rate"));
        double bytes = spec.get(ScenarioReader.<Double>key(LINKS, "packet"));
        if (bytes < 4 || bytes > Integer.MAX_VALUE) {
            throw spec.error("packet", (long) bytes + "B is out of range; a packet carries from one float32 value (4B) "
                    + "to 2GiB, e.g. 1400B");
        }
        double burst = spec.get(ScenarioReader.<Double>key(LINKS, "burst-length"));
        PacketLoss loss;
        if (burst == 1) {
            loss = new BernoulliLoss(rate);
        } else {
            // P(bad) = g / (g + b) = rate with b = 1 / L, so g = rate b / (1 - rate), a probability only while rate <= L / (L + 1).
            double badToGood = 1 / burst;
            double goodToBad = rate * badToGood / (1 - rate);
            if (goodToBad > 1) {
                throw spec.error("rate", rate + " is out of range for burst-length " + burst + "; bursts of L packets allow "
                        + "a rate of at most L / (L + 1) = " + burst / (burst + 1));
            }
            loss = GilbertElliottLoss.gilbert(goodToBad, badToGood);
        }
        LossyAggregation aggregation = switch (spec.get(ScenarioReader.<String>key(LINKS, "aggregation"))) {
            case "zero-fill" -> new LossyAggregation.ZeroFill();
            case "retransmission" -> new LossyAggregation.Retransmission();
            default -> new LossyAggregation.ReceivedOnly();
        };
        spec.finish();
        return new LossyLinks(loss, (int) bytes, aggregation);
    }
}
