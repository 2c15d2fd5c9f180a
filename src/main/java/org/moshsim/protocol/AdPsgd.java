package org.moshsim.protocol;

import java.util.List;
import org.moshsim.config.Key;
import org.moshsim.config.ProtocolEntry;
import org.moshsim.config.ProtocolSpec;

/**
 * {@code type: ad-psgd}: AD-PSGD's pairwise averaging (Lian et al., 2018), asynchronous only: a ready peer averages with
 * a random online peer. It has no rounds to plan; the event-driven run picks the partners.
 */
public final class AdPsgd implements ProtocolType<ProtocolSpec.Pairwise> {
    @Override
    public String name() {
        return "ad-psgd";
    }

    @Override
    public String meaning() {
        return "asynchronous only: a ready peer averages with a random online peer (Lian et al., 2018)";
    }

    @Override
    public List<Key<?>> keys() {
        return List.of();
    }

    @Override
    public Class<ProtocolSpec.Pairwise> spec() {
        return ProtocolSpec.Pairwise.class;
    }

    @Override
    public ProtocolSpec.Pairwise read(ProtocolEntry entry) {
        entry.requireHorizon("type");
        return new ProtocolSpec.Pairwise(entry.label());
    }

    @Override
    public Protocol start(ProtocolSpec.Pairwise spec, int peers, long seed) {
        throw new IllegalArgumentException("ad-psgd is asynchronous: it has no rounds to plan");
    }
}
