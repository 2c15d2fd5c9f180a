package org.moshsim.network;

/** Bytes each peer has sent so far, with their total and the busiest peer's, kept up as bytes are added. */
public final class Traffic {
    private final double[] sent;
    private double total;
    private double busiest;

    public Traffic(int peers) {
        sent = new double[peers];
    }

    public void add(int peer, double bytes) {
        sent[peer] += bytes;
        total += bytes;
        if (sent[peer] > busiest) {
            busiest = sent[peer];
        }
    }

    public double sent(int peer) {
        return sent[peer];
    }

    public double total() {
        return total;
    }

    public double busiest() {
        return busiest;
    }
}
