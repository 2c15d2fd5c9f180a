package org.moshsim.simulation;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.Measure;
import org.moshsim.backend.Backend;
import org.moshsim.compress.Compression;
import org.moshsim.config.Dist;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.Scenario;
import org.moshsim.lossy.LossyLinks;
import org.moshsim.lossy.LossyRound;
import org.moshsim.metrics.Recorder;
import org.moshsim.metrics.Series;
import org.moshsim.network.NetworkModel;
import org.moshsim.network.Traffic;
import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Grouped;
import org.moshsim.plan.LocalSteps;
import org.moshsim.plan.Plan;
import org.moshsim.plan.SparseMixing;
import org.moshsim.protocol.Participation;
import org.moshsim.protocol.Protocol;
import org.moshsim.protocol.Protocols;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;
import org.moshsim.swarm.Availability;
import org.moshsim.swarm.BernoulliDropout;
import org.moshsim.swarm.Peers;
import org.moshsim.swarm.Sampling;
import org.moshsim.training.Trainer;
import org.moshsim.workload.Averaging;

/**
 * Global rounds in simulated time. A round starts when the previous one ended: the peers online and not
 * failing take part; each is ready after its local work (compute / speed) and its delay; the protocol plans,
 * the network prices the plan (exchanges start when their members are ready), groups whose member goes offline
 * before their exchange ends fail; the round ends with its slowest exchange (or its slowest live peer), and all
 * of its plan reaches the backend as one batch.
 */
final class SyncRun {
    private final Scenario scenario;
    private final long seed;
    private final Backend backend;
    private final Protocol protocol;
    private final Peers peers;
    private final NetworkModel network;
    private final Availability availability;
    private final BernoulliDropout dropout;
    private final Traffic traffic;
    private final Trainer trainer;
    private final int localSteps;
    private final boolean overlap;
    /** Whether the peers accumulate gradients for a gradient exchange, and how that exchange compresses them. */
    private final boolean exchangesGradients;
    private final Compression compression;
    private final List<Measure> measures;

    /**
     * A run of {@code spec} (for peers that train: a {@link ProtocolSpec.Trained}, with its local steps, overlap, exchange
     * and compression) recording {@code measures}.
     */
    SyncRun(Scenario scenario, ProtocolSpec spec, long seed, Backend backend, List<Measure> measures) {
        this.scenario = scenario;
        this.seed = seed;
        this.backend = backend;
        int n = scenario.peers();
        this.protocol = Protocols.create(spec, n, seed);
        this.peers = Peers.draw(scenario.swarm(), n, seed);
        this.network = new NetworkModel(peers, scenario.network());
        this.availability = Availability.of(scenario.availability(), n, seed);
        this.dropout = new BernoulliDropout(scenario.failures().p(), seed);
        this.traffic = new Traffic(n);
        this.trainer = scenario.training() == null ? null : new Trainer(scenario.training(), peers, seed);
        ProtocolSpec.Trained trained = spec instanceof ProtocolSpec.Trained t ? t : null;
        this.localSteps = trained == null ? 1 : trained.localSteps();
        this.overlap = trained != null && trained.overlap();
        this.exchangesGradients = spec.exchangesGradients();
        this.compression = trained != null && trained.compression() != null ? trained.compression() : scenario.compression();
        this.measures = measures;
    }

    Series run() {
        int n = scenario.peers();
        Recorder recorder = new Recorder(measures);
        if (trainer == null) {
            Averaging.initialize(backend, scenario, seed);
        } else {
            trainer.initialize(backend);
        }
        recorder.record(0, 0, 0, 0, measure(0, 0, 0));
        // Peers that hold a current model: all at the start; one that was offline downloads one when it is back.
        boolean[] hasModel = new boolean[n];
        java.util.Arrays.fill(hasModel, true);
        double computing = 0;
        boolean[] live = new boolean[n];
        double[] ready = new double[n];
        double[] start = overlap ? new double[n] : ready;
        double[] groupEnd = new double[n];
        double time = 0;
        double[] localWork = new double[n];
        for (int i = 0; i < n; i++) {
            localWork[i] = scenario.compute() / peers.speed(i);
        }
        Dist delay = scenario.network().delay();
        boolean alwaysOnline = availability instanceof Availability.AlwaysOnline;
        for (int round = 0; round < scenario.rounds() && time < scenario.timing().horizon(); round++) {
            availability.advanceTo(time);
            dropout.sample(round, live);
            UniformRandomProvider delays = delay instanceof Dist.Constant ? null : RandomStreams.stream(seed, Purpose.DELAYS, round, 0);
            double slowestLive = Double.NEGATIVE_INFINITY;
            double slowest = time;
            SparseMixing.Builder downloads = null;
            for (int i = 0; i < n; i++) {
                boolean online = alwaysOnline || availability.online(i);
                double begin = time;
                if (trainer != null && online && !hasModel[i]) {
                    downloads = downloads == null ? new SparseMixing.Builder(1, 1) : downloads;
                    begin += download(i, round, downloads);
                }
                hasModel[i] = online;
                double work = localWork[i];
                if (trainer != null) {
                    work = live[i] && online ? trainer.workTime(i, round, localSteps) : 0;
                    computing += work;
                }
                ready[i] = begin + work + Sampling.draw(delay, delays);
                if (overlap) {
                    start[i] = begin;
                }
                live[i] &= online;
                // Plain comparisons: C1-compiled code (the launcher's) calls Math.max out of line.
                if (ready[i] > slowest) {
                    slowest = ready[i];
                }
                if (live[i] && ready[i] > slowestLive) {
                    slowestLive = ready[i];
                }
            }
            if (downloads != null) {
                backend.apply(downloads.build());
            }
            Plan plan = transmitted(protocol.plan(round, new Participation(live, scenario.failures().semantics())), round);
            // Overlapped, the exchanges start with the round and run while the peers compute.
            double end = network.price(plan, start, groupEnd, traffic);
            if (plan instanceof Grouped groups && !alwaysOnline) {
                Grouped checked = leavingMembersFail(groups, groupEnd);
                for (int g = 0; g < groups.groupCount(); g++) {
                    if (checked.failed(g) && !groups.failed(g)) {
                        end = Math.max(end, groupEnd[g] + network.timeout());
                    }
                }
                plan = checked;
            }
            if (trainer != null) {
                backend.apply(steps(round, plan, live));
            }
            backend.apply(plan);
            // Nothing exchanged: the round still takes its peers' local work.
            double computed = slowestLive == Double.NEGATIVE_INFINITY ? slowest : slowestLive;
            time = Math.max(end, computed);
            if (trainer != null) {
                trainer.endRound(round, localSteps, time - computed);
            }
            recorder.record(round + 1, time, traffic.total(), traffic.busiest(), measure(time, computing, round + 1));
        }
        return recorder.series(time >= scenario.timing().horizon() ? Series.Stop.HORIZON : Series.Stop.ROUNDS);
    }

    /**
     * The protocol's plan with the run's compression and lossy links (this round's streams), and for a gradient exchange
     * the learning rate, so that the backend and the network model both see them.
     */
    private Plan transmitted(Plan plan, int round) {
        return transmitted(plan, compression, scenario.packetLoss(), seed, round,
                trainer == null ? Double.NaN : trainer.learningRate());
    }

    /** {@link #transmitted(Plan, int)} for a run of this compression, these links and learning rate, at this seed. */
    static Plan transmitted(Plan plan, Compression compression, LossyLinks packetLoss, long seed, int round, double learningRate) {
        LossyRound loss = packetLoss == null ? null : packetLoss.at(seed, round);
        if (plan instanceof GradientExchange exchange) {
            return exchange.with(compression, loss, learningRate);
        }
        if (compression.codec() == null && loss == null) {
            return plan;
        }
        if (plan instanceof GroupAveraging groups) {
            return groups.withCodec(compression.codec()).withLoss(loss);
        }
        return plan instanceof SparseMixing mixing ? mixing.withCodec(compression.codec()).withLoss(loss) : plan;
    }

    private double[] measure(double time, double computing, int rounds) {
        if (trainer == null) {
            return scenario.packetLoss() == null ? new double[] {backend.meanSquaredError()}
                    : new double[] {backend.meanSquaredError(), Spread.of(backend.snapshot())};
        }
        return trainer.measure(backend, measures, computing, time, rounds);
    }

    /**
     * The live peers' local steps of this round (exchanging gradients: their accumulated batches). A failed ring
     * all-reduce of models is redone from scratch, so its members' steps are lost; a failed Moshpit or gossip exchange
     * leaves each member its local progress. A gradient exchange decides itself what its failed groups do with the
     * gradients (see {@link GradientExchange}).
     */
    private LocalSteps steps(int round, Plan plan, boolean[] live) {
        LocalSteps.Builder steps = trainer.steps(exchangesGradients);
        boolean[] lost = null;
        if (plan instanceof GroupAveraging groups && groups.collective() == GroupAveraging.Collective.RING) {
            for (int g = 0; g < groups.groupCount(); g++) {
                if (groups.failed(g)) {
                    lost = lost == null ? new boolean[scenario.peers()] : lost;
                    for (int member : groups.group(g)) {
                        lost[member] = true;
                    }
                }
            }
        }
        for (int i = 0; i < scenario.peers(); i++) {
            if (live[i] && (lost == null || !lost[i])) {
                trainer.addSteps(steps, i, round, localSteps);
            }
        }
        return steps.build();
    }

    /** A peer back online copies the model of a random online peer that has one; returns the download's seconds. */
    private double download(int peer, int round, SparseMixing.Builder downloads) {
        UniformRandomProvider rng = RandomStreams.stream(seed, Purpose.JOINS, round, peer);
        int source = availability.randomOnlinePeer(peer, scenario.peers(), rng);
        if (source < 0) {
            return 0; // nobody else online: the peer keeps its own model
        }
        downloads.add(source, 1.0).row(peer);
        return network.transfer(source, peer, traffic);
    }

    /**
     * Groups with a member that goes offline before their exchange ends fail; they learn it by a timeout, at
     * the latest after the exchange's end (a ring attempt is lost whole).
     */
    private Grouped leavingMembersFail(Grouped groups, double[] groupEnd) {
        boolean[] failed = null;
        for (int g = 0; g < groups.groupCount(); g++) {
            if (groups.failed(g)) {
                continue;
            }
            for (int k = groups.offsets()[g]; k < groups.offsets()[g + 1]; k++) {
                if (availability.nextChange(groups.members()[k]) < groupEnd[g]) {
                    if (failed == null) {
                        failed = new boolean[groups.groupCount()];
                        for (int f = 0; f < failed.length; f++) {
                            failed[f] = groups.failed(f);
                        }
                    }
                    failed[g] = true;
                    break;
                }
            }
        }
        return failed == null ? groups : groups.withFailed(failed);
    }
}
