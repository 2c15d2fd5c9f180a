package org.moshsim.study;

import org.moshsim.lossy.Aggregate;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.PacketLayout;
import org.moshsim.lossy.PacketLoss;
import org.moshsim.lossy.ParameterBroadcast;
import org.moshsim.config.StudySpec;

/**
 * Synchronous SGD through a parameter server over lossy links: the peers' gradients go up in packets and are
 * aggregated by the method (zero-fill, received-only, retransmission); the server steps and broadcasts its
 * parameters in packets, and a peer keeps its stale values wherever a packet is lost (retransmission delivers
 * everything both ways). It also measures the aggregate against the true mean gradient: the relative bias along
 * the mean, {@code <a - g, g> / |g|^2}, and the relative squared error {@code |a - g|^2 / |g|^2}, averaged over steps.
 *
 * <p>Cost: the server's link carries N payloads each way, each packet sent once (lossy methods) or until it
 * arrives (retransmission: the sends per packet and passes the upload needed, for both directions):
 * passes x latency + N x payload x sends per packet / bandwidth per direction.
 */
final class LossyParameterServer implements DataParallelSgd.Exchange {
    private final LossyAggregation method;
    private final PacketLoss loss;
    private final PacketLayout layout;
    private final StudySpec.Regime network;
    private final long seed;
    private double[] server;
    private float[] parameters;
    private float[][] replicas;
    private float[][] gradients;
    private double bias;
    private double error;
    private int steps;

    LossyParameterServer(LossyAggregation method, PacketLoss loss, PacketLayout layout, StudySpec.Regime network, long seed) {
        this.method = method;
        this.loss = loss;
        this.layout = layout;
        this.network = network;
        this.seed = seed;
    }

    @Override
    public DataParallelSgd.Communication exchange(int step, double[][] peerGradients, double[][] models, double learningRate) {
        int peers = models.length;
        int dim = models[0].length;
        if (server == null) {
            server = models[0].clone();
            parameters = new float[dim];
            replicas = new float[peers][dim];
            gradients = new float[peers][dim];
        }
        double[] mean = new double[dim];
        for (int i = 0; i < peers; i++) {
            for (int j = 0; j < dim; j++) {
                gradients[i][j] = (float) peerGradients[i][j];
                mean[j] += gradients[i][j] / (double) peers;
            }
        }
        Aggregate up = method.aggregate(gradients, PacketLoss.EXTERNAL, loss, layout, seed, step, null);
        double along = 0;
        double squared = 0;
        double norm = 0;
        for (int j = 0; j < dim; j++) {
            double d = up.values()[j] - mean[j];
            along += d * mean[j];
            squared += d * d;
            norm += mean[j] * mean[j];
            server[j] -= learningRate * up.values()[j];
            parameters[j] = (float) server[j];
        }
        if (norm > 0) {
            bias += along / norm;
            error += squared / norm;
            steps++;
        }
        boolean reliable = method instanceof LossyAggregation.Retransmission;
        for (int i = 0; i < peers; i++) {
            for (int j = 0; j < dim; j++) {
                replicas[i][j] = reliable ? parameters[j] : (float) models[i][j];
            }
        }
        if (!reliable) {
            ParameterBroadcast.broadcast(parameters, replicas, PacketLoss.EXTERNAL, loss, layout, seed, step);
        }
        for (int i = 0; i < peers; i++) {
            for (int j = 0; j < dim; j++) {
                models[i][j] = replicas[i][j];
            }
        }
        double payloads = peers * network.payload() * up.sendsPerPacket();
        double seconds = 2 * network.seconds(up.rounds(), payloads);
        return new DataParallelSgd.Communication(seconds, Math.round(2 * payloads));
    }

    /** Mean over steps of the aggregate's relative bias along the true mean gradient. */
    double relativeBias() {
        return bias / steps;
    }

    /** Mean over steps of the aggregate's squared error relative to the true mean gradient's squared norm. */
    double relativeError() {
        return error / steps;
    }
}
