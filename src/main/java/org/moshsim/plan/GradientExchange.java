package org.moshsim.plan;

import org.moshsim.compress.Compression;
import org.moshsim.lossy.LossyAggregation;
import org.moshsim.lossy.LossyRound;

/**
 * Gradient exchange, the step of synchronous data-parallel SGD: disjoint groups (in CSR form, as in
 * {@link GroupAveraging}) aggregate the gradients their members have accumulated ({@link LocalSteps} in accumulate
 * mode) and every member applies the aggregate through the {@link Optimizer} (null reads as SGD,
 * {@code row -= learningRate * aggregate}) at its de-biased model (the learning rate is NaN until the run sets it:
 * protocols never see numbers); then the members' accumulators are empty. The aggregate is the sample-weighted mean of the members' accumulated
 * gradients: each member sends its accumulator scaled by n / (the group's examples), so an unweighted mean of what
 * the members send, which every compressor computes, weighs each member by its examples, as hivemind's weighted
 * all-reduce does.
 *
 * <ul>
 *   <li>The collective: a ring (all-reduce SGD), hivemind's butterfly (Moshpit, random groups), or a parameter
 *   server outside the peers, which aggregates what its members push, steps its own copy of the parameters and
 *   broadcasts it: the members' rows become the server's (over lossy links, stale where a broadcast packet is lost,
 *   Weintraub et al. 2025, Section 5).</li>
 *   <li>The compression ({@link Compression}; null reads as exact): exact, a codec, a sparsifier with error feedback
 *   (whose per-peer state the backend keeps for the run), the two-step quantised all-reduce or the float16 ring;
 *   Rand-K's indices and ARC-Top-K's sketch are drawn from (seed, round).</li>
 *   <li>Lossy links (null: none): each member aggregates what reached it, per packet ({@link LossyAggregation}: zero-fill
 *   divides by the group size, received-only by what arrived, retransmission is exact), so members may step apart;
 *   with a parameter server the server aggregates the pushes, its own copy being the reference.</li>
 * </ul>
 *
 * <p>Failed groups and peers in no group do what the training loops they model do, and their accumulators are emptied
 * all the same: a failed ring or parameter-server round is the synchronous step that is redone from scratch, so its
 * members' gradients are dropped (as the model-averaging path drops a failed ring's local steps); a failed butterfly
 * group, or a peer that met nobody, steps with its own gradient, as hivemind's Optimizer, on which Moshpit SGD runs,
 * does when averaging fails ("Proceeding with local gradients").
 */
public record GradientExchange(int[] offsets, int[] members, Collective collective, boolean[] failed, Compression compression,
                               LossyRound loss, double learningRate, Optimizer optimizer, long seed, int round)
        implements Grouped {
    /** How a group's members exchange. */
    public sealed interface Collective {
        /** Ring all-reduce: 2(n - 1) steps around the ring, each moving 1/n of the vector. */
        Collective RING = new Ring();
        /** hivemind's butterfly all-reduce: each member reduces a share of the vector, sized by its bandwidth. */
        Collective BUTTERFLY = new Butterfly();

        record Ring() implements Collective {
        }

        record Butterfly() implements Collective {
        }

        /**
         * A server outside the peers, on a link of {@code bandwidth} bytes per second both ways and {@code latency}
         * seconds: its members push their gradients to it, and it broadcasts its parameters back.
         */
        record ParameterServer(double bandwidth, double latency) implements Collective {
        }
    }

    public GradientExchange {
        GroupAveraging.checkGroups(offsets, members, failed);
        compression = compression == null ? Compression.EXACT : compression;
        optimizer = optimizer == null ? Optimizer.SGD : optimizer;
        if (collective instanceof Collective.ParameterServer && offsets.length > 2) {
            throw new IllegalArgumentException("a parameter server serves one group");
        }
    }

    /** The groups of an averaging plan, exchanging gradients instead, exactly, before any learning rate is set. */
    public static GradientExchange of(GroupAveraging groups, long seed, int round) {
        Collective collective = groups.collective() == GroupAveraging.Collective.RING ? Collective.RING : Collective.BUTTERFLY;
        return new GradientExchange(groups.offsets(), groups.members(), collective, groups.failed(), Compression.EXACT, null,
                Double.NaN, Optimizer.SGD, seed, round);
    }

    @Override
    public GradientExchange withFailed(boolean[] failedGroups) {
        return new GradientExchange(offsets, members, collective, failedGroups, compression, loss, learningRate, optimizer, seed,
                round);
    }

    /** The same groups, sending through {@code compression}, over these links (null: lossless), stepping at this rate. */
    public GradientExchange with(Compression compression, LossyRound loss, double learningRate) {
        return with(compression, loss, learningRate, optimizer);
    }

    /** The same groups, sending through {@code compression}, over these links, stepping at this rate by this optimizer. */
    public GradientExchange with(Compression compression, LossyRound loss, double learningRate, Optimizer optimizer) {
        return new GradientExchange(offsets, members, collective, failed, compression, loss, learningRate, optimizer, seed, round);
    }

    /** The same exchange with no groups: every peer that accumulated steps with its own gradient. */
    public GradientExchange withoutGroups() {
        return new GradientExchange(new int[] {0}, new int[0], collective, new boolean[0], compression, loss, learningRate, optimizer,
                seed, round);
    }

    /** Whether a failed group's members drop their gradients (the synchronous step is redone) rather than step alone. */
    public boolean failureDropsGradients() {
        return !(collective instanceof Collective.Butterfly);
    }
}
