package org.moshsim.config;

import java.util.List;

/**
 * The peers' properties, as a list of profiles each covering a share of the swarm (one profile of share 1
 * when the config names none). Peers draw their own values from their profile's distributions.
 */
public record SwarmSpec(List<Profile> profiles) {
    public SwarmSpec {
        profiles = List.copyOf(profiles);
    }

    /**
     * A class of peers, e.g. a 1 Gbit/s data-centre node or a 100 Mbit/s home node.
     *
     * @param upload bytes per second a peer sends
     * @param download bytes per second a peer receives
     * @param latency seconds a message takes to leave or reach the peer
     * @param speed relative compute speed (1 = the config's reference)
     */
    public record Profile(String name, double share, Dist upload, Dist download, Dist latency, Dist speed) {
    }

    /** Every peer the same: 1 Gbit/s both ways, no latency, speed 1. */
    public static final SwarmSpec DEFAULT = new SwarmSpec(List.of(new Profile("default", 1, new Dist.Constant(1e9 / 8),
            new Dist.Constant(1e9 / 8), new Dist.Constant(0), new Dist.Constant(1))));
}
