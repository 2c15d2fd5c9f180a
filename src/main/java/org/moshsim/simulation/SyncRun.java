package org.moshsim.simulation;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.Measure;
import org.moshsim.backend.Backend;
import org.moshsim.config.Dist;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.Scenario;
import org.moshsim.config.TimingSpec;
import org.moshsim.config.TrainingSpec;
import org.moshsim.metrics.Recorder;
import org.moshsim.metrics.Series;
import org.moshsim.network.NetworkModel;
import org.moshsim.network.Traffic;
import org.moshsim.plan.Apply;
import org.moshsim.plan.GradientExchange;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Grouped;
import org.moshsim.plan.Plan;
import org.moshsim.plan.StateDownload;
import org.moshsim.protocol.Participation;
import org.moshsim.protocol.Protocol;
import org.moshsim.protocol.Protocols;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;
import org.moshsim.swarm.Availability;
import org.moshsim.swarm.BernoulliDropout;
import org.moshsim.swarm.Peers;
import org.moshsim.swarm.Sampling;
import org.moshsim.training.LocalWork;
import org.moshsim.workload.Workload;

/**
 * Global rounds in simulated time. A round starts when the previous one ended: the peers online and not
 * failing take part; each is ready after its local work ({@link LocalWork}: compute / speed, or its training steps)
 * and its delay; the protocol plans, the network prices the plan (exchanges start when their members are ready),
 * groups whose member goes offline before their exchange ends fail; the round ends with its slowest exchange (or its
 * slowest live peer), and its steps and its plan reach the backend together ({@link InstantBatch}). Accumulating to a
 * target batch, a round is a global step: the live peers accumulate until {@link TargetBatch} fires it, and their groups
 * exchange the gradients (and, as hivemind does, average the parameters) once.
 */
final class SyncRun {
    private final Scenario scenario;
    private final long seed;
    private final Backend backend;
    private final Protocol protocol;
    private final NetworkModel network;
    private final Availability availability;
    private final BernoulliDropout dropout;
    private final Traffic traffic;
    private final Workload workload;
    private final LocalWork work;
    private final int localSteps;
    private final boolean overlap;
    /** Overlapped with {@code averaging.apply} not current: every peer, whose rows each round's exchange starts from. */
    private final int[] snapshots;
    private final Transmission transmission;
    private final InstantBatch batch;
    /** Accumulating to a target batch: each round is a global step; null: each round is {@code localSteps} steps. */
    private final TargetBatch targetBatch;
    /** Accumulating to a target batch: what the groups average (null: not accumulating). */
    private final TrainingSpec.Average average;
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
        Peers peers = Peers.draw(scenario.swarm(), n, seed);
        this.network = new NetworkModel(peers, scenario.network());
        this.availability = Availability.of(scenario.availability(), n, seed);
        this.dropout = new BernoulliDropout(scenario.failures().p(), seed);
        this.traffic = new Traffic(n);
        this.workload = Workload.of(scenario, seed);
        this.work = LocalWork.of(workload, scenario, peers, seed);
        this.localSteps = spec instanceof ProtocolSpec.Trained trained ? trained.localSteps() : 1;
        this.overlap = spec instanceof ProtocolSpec.Trained trained && trained.overlap();
        this.transmission = Transmission.of(scenario, spec, seed, work.learningRate());
        // Exchanging gradients, the peers' steps accumulate them for the exchange.
        this.snapshots = spec instanceof ProtocolSpec.Trained trained && trained.averagesSnapshots() ? allPeers(n) : null;
        this.batch = new InstantBatch(backend, work.steps(spec.exchangesGradients()), n, transmission,
                snapshots != null ? ((ProtocolSpec.Trained) spec).apply() : Apply.CURRENT);
        TrainingSpec training = scenario.training();
        this.targetBatch = training != null && training.targetsBatch()
                ? new TargetBatch(work, training.targetBatch(), training.batch(), training.reportDelay()) : null;
        this.average = targetBatch != null ? training.average() : null;
        this.measures = measures;
    }

    Series run() {
        int n = scenario.peers();
        Recorder recorder = new Recorder(measures);
        workload.initialize(backend);
        recorder.record(0, 0, 0, 0, work.measure(backend, measures, 0, 0, 0));
        // Peers that hold a current model: all at the start; one that was offline downloads one when it is back.
        boolean[] hasModel = new boolean[n];
        java.util.Arrays.fill(hasModel, true);
        double computing = 0;
        boolean[] live = new boolean[n];
        double[] ready = new double[n];
        double[] start = overlap ? new double[n] : ready;
        double[] groupEnd = new double[n];
        int[] steps = new int[n];
        java.util.Arrays.fill(steps, localSteps);
        double[] from = new double[n];
        double[] leave = new double[n];
        double[] accumulated = new double[n];
        boolean[] current = new boolean[n];
        double time = 0;
        double measured = 0;
        TimingSpec timing = scenario.timing();
        Dist delay = scenario.network().delay();
        boolean alwaysOnline = availability instanceof Availability.AlwaysOnline;
        for (int round = 0; round < scenario.rounds() && time < scenario.timing().horizon(); round++) {
            availability.advanceTo(time);
            dropout.sample(round, live);
            UniformRandomProvider delays = delay instanceof Dist.Constant ? null : RandomStreams.stream(seed, Purpose.DELAYS, round, 0);
            double slowestLive = Double.NEGATIVE_INFINITY;
            double slowest = time;
            StateDownloads downloads = null;
            // A returning peer downloads from a peer that holds the current model, not from another one returning now.
            for (int i = 0; i < n; i++) {
                current[i] = hasModel[i] && (alwaysOnline || availability.online(i));
            }
            for (int i = 0; i < n; i++) {
                boolean online = alwaysOnline || availability.online(i);
                double begin = time;
                if (work.downloadsOnReturn() && online && !hasModel[i]) {
                    downloads = downloads == null ? new StateDownloads() : downloads;
                    begin += download(i, round, downloads, current);
                }
                hasModel[i] = online;
                live[i] &= online;
                if (targetBatch != null) {
                    from[i] = live[i] ? begin : Double.NaN;
                    leave[i] = live[i] ? availability.nextChange(i) : 0;
                    ready[i] = Sampling.draw(delay, delays);
                    continue;
                }
                double seconds = work.seconds(i, round, localSteps, live[i]);
                computing += seconds;
                ready[i] = begin + seconds + Sampling.draw(delay, delays);
                if (overlap) {
                    start[i] = begin;
                }
                // Plain comparisons: C1-compiled code (the launcher's) calls Math.max out of line.
                if (ready[i] > slowest) {
                    slowest = ready[i];
                }
                if (live[i] && ready[i] > slowestLive) {
                    slowestLive = ready[i];
                }
            }
            if (targetBatch != null) {
                double fire = targetBatch.fill(round, from, leave, steps, accumulated);
                if (Double.isNaN(fire)) {
                    // Nobody online accumulates: the global step waits for the next peer to come back.
                    time = nextArrival(n);
                    round--;
                    continue;
                }
                slowest = Math.max(time, fire);
                for (int i = 0; i < n; i++) {
                    if (live[i]) {
                        computing += accumulated[i];
                        // Preempted before the step: its batches are lost with it, and it comes back a step behind.
                        live[i] = leave[i] > fire;
                        hasModel[i] = live[i];
                        ready[i] += fire;
                        if (live[i] && ready[i] > slowestLive) {
                            slowestLive = ready[i];
                        }
                    }
                }
            }
            if (downloads != null) {
                backend.apply(downloads.build());
            }
            if (snapshots != null) {
                // The overlapped exchange sends the rows as the round starts, while the peers step.
                batch.snapshot(snapshots);
            }
            Plan plan = transmission.sent(protocol.plan(round, new Participation(live, scenario.failures().semantics())), round);
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
            step(round, plan, live, steps);
            if (average != null && average.parameters() && plan instanceof GradientExchange exchange
                    && !(exchange.collective() instanceof GradientExchange.Collective.ParameterServer)) {
                // The parameters travel with the gradients (the payload prices both), and are written back before the
                // optimizer steps, as hivemind's averager does: the members' rows become their mean.
                batch.flush();
                backend.apply(transmission.sent(new GroupAveraging(exchange.offsets(), exchange.members(),
                        GroupAveraging.Collective.BUTTERFLY, exchange.failed()), round));
                if (average == TrainingSpec.Average.PARAMETERS) {
                    plan = exchange.withoutGroups(); // as published: no averaged gradient arrives, every peer steps alone
                }
            }
            batch.exchange(plan);
            batch.flush();
            // Nothing exchanged: the round still takes its peers' local work.
            double computed = slowestLive == Double.NEGATIVE_INFINITY ? slowest : slowestLive;
            time = Math.max(end, computed);
            work.endRound(round, localSteps, time - computed);
            // Measuring a trained model evaluates it on the full data sets: timing.every or timing.sample thin it out.
            if (timing.measures(round + 1, time, measured) || round + 1 == scenario.rounds() || time >= timing.horizon()) {
                recorder.record(round + 1, time, traffic.total(), traffic.busiest(), work.measure(backend, measures, computing, time, round + 1));
                measured = time;
            }
        }
        return recorder.series(time >= scenario.timing().horizon() ? Series.Stop.HORIZON : Series.Stop.ROUNDS);
    }

    /**
     * Adds the live peers' local steps of this round to the batch (exchanging gradients: their accumulated batches). A
     * failed ring all-reduce of models is redone from scratch, so its members' steps are lost; a failed Moshpit or gossip
     * exchange leaves each member its local progress. A gradient exchange decides itself what its failed groups do with
     * the gradients (see {@link org.moshsim.plan.GradientExchange}).
     */
    private void step(int round, Plan plan, boolean[] live, int[] steps) {
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
                batch.step(i, work, round, steps[i]);
            }
        }
    }

    private static int[] allPeers(int n) {
        int[] peers = new int[n];
        for (int i = 0; i < n; i++) {
            peers[i] = i;
        }
        return peers;
    }

    /** One round's downloads, collected peer by peer. */
    private static final class StateDownloads {
        private final java.util.List<int[]> pairs = new java.util.ArrayList<>();

        void add(int peer, int source) {
            pairs.add(new int[] {peer, source});
        }

        StateDownload build() {
            return new StateDownload(pairs.stream().mapToInt(p -> p[0]).toArray(), pairs.stream().mapToInt(p -> p[1]).toArray());
        }
    }

    /** When the first offline peer comes back (infinite: none will). */
    private double nextArrival(int n) {
        double next = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            next = Math.min(next, availability.nextChange(i));
        }
        return next;
    }

    /**
     * A peer back online copies the model of a random peer that holds a {@code current} one (drawn up to 64 times); returns
     * the download's seconds.
     */
    private double download(int peer, int round, StateDownloads downloads, boolean[] current) {
        UniformRandomProvider rng = RandomStreams.stream(seed, Purpose.JOINS, round, peer);
        int source = -1;
        for (int tries = 0; tries < 64 && source < 0; tries++) {
            int other = rng.nextInt(scenario.peers());
            source = other != peer && current[other] ? other : -1;
        }
        if (source < 0) {
            return 0; // nobody else online: the peer keeps its own model
        }
        downloads.add(peer, source);
        return network.transfer(source, peer, scenario.training().downloadBytes(scenario.network().payload()), traffic);
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
