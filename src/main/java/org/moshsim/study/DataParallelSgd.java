package org.moshsim.study;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.backend.Task;
import org.moshsim.backend.cpu.ModelKernels;
import org.moshsim.config.TrainingSpec;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;
import org.moshsim.workload.Training;

/**
 * Synchronous data-parallel SGD that exchanges gradients, the setting of gradient compression and of training
 * under packet loss: every step each peer computes the gradient of its batch (drawn with replacement from its
 * shard, stream (seed, BATCHES, step, peer)) at its own model, and an {@link Exchange} turns the gradients into
 * the peers' next models (e.g. {@code model -= learningRate * aggregate}). Peers whose models differ (lost
 * packets) drift apart. Runs on the CPU model kernels, peers in parallel; results do not depend on threads.
 */
public final class DataParallelSgd {
    /** How the peers' gradients become their next models, and what that costs on the network. */
    public interface Exchange {
        /** Updates every peer's model (N x D) from every peer's gradient; returns the step's communication. */
        Communication exchange(int step, double[][] gradients, double[][] models, double learningRate);
    }

    /** One step's communication: its seconds (the slowest peer's) and the bytes the busiest peer sent. */
    public record Communication(double seconds, long bytes) {
    }

    /** A measurement after {@code step} steps: simulated seconds, bytes sent per peer so far, and the model's state. */
    public record Sample(int step, double time, double bytes, double loss, double accuracy, double drift) {
    }

    private DataParallelSgd() {
    }

    /**
     * Trains for {@code steps} steps of {@code computeSeconds} each plus their communication, measuring the
     * peers' average model every {@code every} steps (and at the start and the end).
     */
    public static List<Sample> run(TrainingSpec spec, int peers, int steps, int every, double computeSeconds, long seed,
                                   Exchange exchange) {
        Training training = Training.prepare(spec, peers, seed);
        Task task = training.task();
        int dim = task.dim();
        double[][] models = new double[peers][dim];
        for (double[] model : models) {
            for (int j = 0; j < dim; j++) {
                model[j] = training.initialModel()[j];
            }
        }
        double[][] gradients = new double[peers][dim];
        List<Sample> samples = new ArrayList<>();
        double time = 0;
        double bytes = 0;
        samples.add(measure(task, models, 0, time, bytes));
        for (int step = 0; step < steps; step++) {
            int s = step;
            IntStream.range(0, peers).parallel().forEach(p -> gradient(spec, task, training.shards()[p], models[p], seed, s, p,
                    gradients[p]));
            Communication communication = exchange.exchange(step, gradients, models, spec.learningRate());
            time += computeSeconds + communication.seconds();
            bytes += communication.bytes();
            if ((step + 1) % every == 0 || step + 1 == steps) {
                samples.add(measure(task, models, step + 1, time, bytes));
            }
        }
        return samples;
    }

    private static void gradient(TrainingSpec spec, Task task, int[] shard, double[] model, long seed, int step, int peer,
                                 double[] gradient) {
        UniformRandomProvider rng = RandomStreams.stream(seed, Purpose.BATCHES, step, peer);
        int[] batch = new int[spec.batch()];
        for (int k = 0; k < batch.length; k++) {
            batch[k] = shard[rng.nextInt(shard.length)];
        }
        ModelKernels.lossAndGradient(task, model, batch, 0, batch.length, gradient);
    }

    /** Training loss and test accuracy of the peers' average model, and the drift: mean squared distance to it per value. */
    private static Sample measure(Task task, double[][] models, int step, double time, double bytes) {
        int dim = task.dim();
        double[] mean = new double[dim];
        for (double[] model : models) {
            for (int j = 0; j < dim; j++) {
                mean[j] += model[j] / models.length;
            }
        }
        double drift = 0;
        for (double[] model : models) {
            for (int j = 0; j < dim; j++) {
                drift += (model[j] - mean[j]) * (model[j] - mean[j]);
            }
        }
        double accuracy = task.testRows() == 0 ? Double.NaN : ModelKernels.accuracy(task, mean, true);
        return new Sample(step, time, bytes, ModelKernels.loss(task, mean, false), accuracy, drift / ((double) models.length * dim));
    }
}
