package org.moshsim.plan;

/**
 * Peers back from preemption (or joining late) download a current peer's training state: {@code peers[k]} takes
 * {@code sources[k]}'s row (parameters and push-sum weight) and its {@link Optimizer} state and step count, and forgets
 * the gradients it had accumulated. What the download costs is the network model's business; sources must not be
 * downloading themselves, so that every peer copies a state as it was before the plan.
 */
public record StateDownload(int[] peers, int[] sources) implements Plan {
    public StateDownload {
        if (peers.length != sources.length) {
            throw new IllegalArgumentException(peers.length + " peers but " + sources.length + " sources");
        }
        java.util.Set<Integer> downloading = new java.util.HashSet<>();
        for (int peer : peers) {
            if (!downloading.add(peer)) {
                throw new IllegalArgumentException("peer " + peer + " downloads twice");
            }
        }
        for (int source : sources) {
            if (downloading.contains(source)) {
                throw new IllegalArgumentException("peer " + source + " is a source while it downloads");
            }
        }
    }

    /** The same copies as a mixing plan (each row takes its source's, weight 1): all a backend without optimizer state needs. */
    public SparseMixing asMixing() {
        int[] offsets = new int[peers.length + 1];
        double[] weights = new double[peers.length];
        for (int k = 0; k < peers.length; k++) {
            offsets[k + 1] = k + 1;
            weights[k] = 1.0;
        }
        return new SparseMixing(peers.clone(), offsets, sources.clone(), weights);
    }
}
