package org.moshsim.simulation;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.Measure;
import org.moshsim.backend.Backend;
import org.moshsim.config.FailureSemantics;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.Scenario;
import org.moshsim.engine.EventQueue;
import org.moshsim.metrics.Recorder;
import org.moshsim.metrics.Series;
import org.moshsim.network.NetworkModel;
import org.moshsim.network.Traffic;
import org.moshsim.plan.Apply;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.StateDownload;
import org.moshsim.protocol.AdPsgd;
import org.moshsim.protocol.Matchmaking;
import org.moshsim.protocol.Protocols;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;
import org.moshsim.swarm.Availability;
import org.moshsim.swarm.Peers;
import org.moshsim.swarm.Sampling;
import org.moshsim.training.LocalWork;
import org.moshsim.workload.Workload;

/**
 * Peers at their own pace, event by event. Each peer does its local work (compute / speed, or its training steps, plus
 * its delay), then averages, then starts again:
 * <ul>
 *   <li>Group protocols (Moshpit, random groups): a ready peer joins its bucket; the first to join opens a
 *   matchmaking window (the DHT's window plus lookup hops) that closes then, or as soon as it is full
 *   ({@link MatchmakingWindows}); the peers in it form groups, which run their butterfly all-reduce from then. A peer
 *   that met nobody moves on alone.</li>
 *   <li>AD-PSGD ({@link AdPsgd}): a ready peer averages with a random online peer, once both peers' links are free.</li>
 * </ul>
 * A peer offline when it is ready waits until it is back. A failure (probability p per attempt) keeps the peer
 * out of this attempt under {@code exclude}; under {@code void} it, like a member that goes offline during the
 * exchange, fails the group, which learns it by the timeout. Exchanges are priced as plans by the network model and
 * wait in {@link InFlight}; steps and averagings completing at one instant reach the backend together
 * ({@link InstantBatch}). The error is sampled every {@code timing.sample} seconds up to the horizon; the round column
 * holds effective rounds: averagings completed per peer.
 */
final class AsyncRun {
    private static final int READY = 1;
    private static final int WINDOW = 2;
    private static final int EXCHANGE_DONE = 3;
    private static final int SAMPLE = 4;
    private static final int REJOIN = 5;

    private final Scenario scenario;
    private final long seed;
    private final Backend backend;
    private final Workload workload;
    private final LocalWork work;
    private final int localSteps;
    /** Overlapped training: a peer keeps computing while its averaging is under way. */
    private final boolean overlap;
    /**
     * Whether exchanges average the rows as they were when the peer asked to average, as hivemind's averager copies the
     * parameters into its buffer before matchmaking ({@code averaging.apply}, not current).
     */
    private final boolean snapshots;
    private final NetworkModel network;
    private final Traffic traffic;
    private final Transmission transmission;
    private final Availability availability;
    private final long failureThreshold;
    /** Who meets whom: a group protocol's matchmaking, or else AD-PSGD's pairs. */
    private final Matchmaking matchmaking;
    private final AdPsgd pairs;
    private final EventQueue events = new EventQueue();
    private final MatchmakingWindows windows = new MatchmakingWindows();
    /** Collects a closing window's groups; cleared for the next one, it keeps its arrays. */
    private final GroupAveraging.Builder formed = new GroupAveraging.Builder(16);
    private final InFlight inFlight = new InFlight();
    private final InstantBatch batch;
    private final List<Measure> measures;
    private final Recorder recorder;
    /** Per peer: its attempts so far, whether this one fails, the window it last formed a group in, whether it averages. */
    private final int[] attempt;
    private final boolean[] failing;
    private final int[] groupedIn;
    private final boolean[] averaging;
    /** Scratch for pricing an exchange: when each member is ready, and each group's end. */
    private final double[] ready;
    private double[] groupEnd = new double[16];
    private double computing;
    private long averagings;

    /** A run of {@code spec} (a {@link ProtocolSpec.Trained} when the scenario trains) recording {@code measures}. */
    AsyncRun(Scenario scenario, ProtocolSpec spec, long seed, Backend backend, List<Measure> measures) {
        this.scenario = scenario;
        this.seed = seed;
        this.backend = backend;
        int n = scenario.peers();
        Peers peers = Peers.draw(scenario.swarm(), n, seed);
        this.workload = Workload.of(scenario, seed);
        this.work = LocalWork.of(workload, scenario, peers, seed);
        ProtocolSpec averages = spec instanceof ProtocolSpec.Trained trained ? trained.averaging() : spec;
        this.localSteps = spec instanceof ProtocolSpec.Trained trained ? trained.localSteps() : 1;
        this.overlap = spec instanceof ProtocolSpec.Trained trained && trained.overlap();
        this.network = NetworkModel.withWindows(peers, scenario.network());
        this.traffic = new Traffic(n);
        this.transmission = Transmission.of(scenario, spec, seed, work.learningRate());
        this.availability = Availability.of(scenario.availability(), n, seed);
        this.failureThreshold = RandomStreams.bernoulliThreshold(scenario.failures().p());
        this.matchmaking = averages instanceof ProtocolSpec.Pairwise ? null : Protocols.matchmaking(averages, n, seed);
        this.pairs = averages instanceof ProtocolSpec.Pairwise ? new AdPsgd(n, seed) : null;
        this.snapshots = spec instanceof ProtocolSpec.Trained trained && trained.averagesSnapshots();
        this.batch = new InstantBatch(backend, work.steps(false), n, transmission,
                snapshots ? ((ProtocolSpec.Trained) spec).apply() : Apply.CURRENT);
        this.measures = measures;
        this.recorder = new Recorder(measures);
        this.attempt = new int[n];
        this.failing = new boolean[n];
        this.groupedIn = new int[n];
        Arrays.fill(groupedIn, -1);
        this.averaging = new boolean[n];
        this.ready = new double[n];
    }

    private static long event(int kind, int id) {
        return ((long) kind << 32) | id;
    }

    Series run() {
        double horizon = scenario.timing().horizon();
        workload.initialize(backend);
        recorder.record(0, 0, 0, 0, measure(0));
        for (int i = 0; i < scenario.peers(); i++) {
            events.schedule(readyAfter(i, 0), event(READY, i));
        }
        events.schedule(Math.min(scenario.timing().sample(), horizon), event(SAMPLE, 1));
        double instant = -1;
        while (!events.isEmpty() && events.peekTime() <= horizon) {
            double time = events.peekTime();
            if (time > instant) {
                batch.flush();
                instant = time;
            }
            long next = events.take();
            int id = (int) next;
            switch ((int) (next >>> 32)) {
                case READY -> ready(id, time);
                case WINDOW -> closeWindow(id, time);
                case EXCHANGE_DONE -> done(id, time);
                case REJOIN -> rejoin(id, time);
                default -> sample(id, time);
            }
        }
        // Sampling events reach the horizon, so the queue only ever stops there.
        return recorder.series(Series.Stop.HORIZON);
    }

    private double[] measure(double time) {
        return work.measure(backend, measures, computing, time, (double) averagings / scenario.peers());
    }

    private void sample(int number, double time) {
        batch.flush();
        recorder.record((double) averagings / scenario.peers(), time, traffic.total(), traffic.busiest(), measure(time));
        double next = Math.min((number + 1) * scenario.timing().sample(), scenario.timing().horizon());
        if (next > time) {
            events.schedule(next, event(SAMPLE, number + 1));
        }
    }

    /** When the peer will next be ready, starting at {@code time}: its local work and its delay. */
    private double readyAfter(int peer, double time) {
        UniformRandomProvider delays = RandomStreams.stream(seed, Purpose.DELAYS, attempt[peer], peer + 1);
        double seconds = work.seconds(peer, attempt[peer], localSteps, true);
        computing += seconds;
        return time + seconds + Sampling.draw(scenario.network().delay(), delays);
    }

    private void ready(int peer, double time) {
        availability.advanceTo(time);
        if (!availability.online(peer)) {
            double back = availability.nextChange(peer);
            if (Double.isFinite(back)) {
                // A training peer that left lost its work and its model; back, it downloads a current one.
                events.schedule(back, event(work.downloadsOnReturn() ? REJOIN : READY, peer));
            }
            return;
        }
        batch.step(peer, work, attempt[peer], localSteps);
        if (overlap) {
            // Averaging runs in the background: the peer starts its next steps now, and averages when free.
            boolean free = !averaging[peer];
            nextAttempt(peer, time);
            if (!free) {
                return;
            }
            averaging[peer] = true;
        }
        boolean fails = failureThreshold > 0 && RandomStreams.bernoulli(
                RandomStreams.stream(seed, Purpose.FAILURES, attempt[peer], peer + 1).nextInt(), failureThreshold);
        if (fails && scenario.failures().semantics() == FailureSemantics.EXCLUDE) {
            afterAveraging(peer, time);
            return;
        }
        failing[peer] = fails;
        if (snapshots) {
            batch.snapshot(peer);
        }
        if (matchmaking != null) {
            join(peer, time);
        } else {
            pair(peer, time);
        }
    }

    /** A peer back online copies the model of a random online peer, then starts computing. */
    private void rejoin(int peer, double time) {
        availability.advanceTo(time);
        if (!availability.online(peer)) {
            double back = availability.nextChange(peer);
            if (Double.isFinite(back)) {
                events.schedule(back, event(REJOIN, peer));
            }
            return;
        }
        UniformRandomProvider rng = RandomStreams.stream(seed, Purpose.JOINS, attempt[peer], peer);
        int source = availability.randomOnlinePeer(peer, scenario.peers(), rng);
        double seconds = 0;
        if (source >= 0) {
            batch.flush();
            backend.apply(new StateDownload(new int[] {peer}, new int[] {source}));
            seconds = network.transfer(source, peer, scenario.training().downloadBytes(scenario.network().payload()), traffic);
        }
        averaging[peer] = false;
        nextAttempt(peer, time + seconds);
    }

    /** The peer is done with this averaging (or skips it): it starts its next local work, unless that runs already. */
    private void afterAveraging(int peer, double time) {
        if (overlap) {
            averaging[peer] = false;
        } else {
            nextAttempt(peer, time);
        }
    }

    private void nextAttempt(int peer, double time) {
        failing[peer] = false;
        attempt[peer]++;
        events.schedule(readyAfter(peer, time), event(READY, peer));
    }

    private void join(int peer, double time) {
        long bucket = matchmaking.bucket(peer);
        MatchmakingWindows.Window window = windows.openIn(bucket);
        if (window == null) {
            window = windows.open(bucket);
            events.schedule(time + network.matchmaking(), event(WINDOW, window.number()));
        }
        if (windows.join(window, peer) >= matchmaking.capacity(bucket)) {
            closeWindow(window.number(), time);
        }
    }

    /** The window's peers form groups, which exchange from now: the window was their matchmaking. */
    private void closeWindow(int number, double time) {
        MatchmakingWindows.Window window = windows.close(number);
        if (window == null) {
            return;
        }
        matchmaking.formGroups(window.peers(), window.size(), number, formed.clear());
        GroupAveraging groups = transmission.sent(formed.build(), batch.applied());
        for (int member : groups.members()) {
            ready[member] = time;
        }
        network.price(groups, ready, groupEnds(groups.groupCount()), traffic);
        for (int g = 0; g < groups.groupCount(); g++) {
            int[] members = groups.group(g);
            boolean failed = false;
            for (int member : members) {
                groupedIn[member] = number;
                failed |= failing[member] || availability.nextChange(member) < groupEnd[g];
            }
            start(new InFlight.Exchange(members, failed, number, g), failed ? time + network.timeout() : groupEnd[g]);
        }
        int alone = groups.groupCount();
        for (int k = 0; k < window.size(); k++) {
            int peer = window.peers()[k];
            if (groupedIn[peer] != number) {
                matchmaking.advance(window.peers(), k, k + 1, number, alone++);
                afterAveraging(peer, time);
            }
        }
    }

    /** AD-PSGD: the peer averages with a random online partner once both their links are free. */
    private void pair(int peer, double time) {
        GroupAveraging pair = pairs.pair(peer, attempt[peer], availability::online);
        if (pair == null) {
            afterAveraging(peer, time);
            return;
        }
        pair = transmission.sent(pair, batch.applied());
        int partner = pair.members()[1];
        double begin = pairs.start(pair, time);
        ready[peer] = begin;
        ready[partner] = begin;
        double end = network.price(pair, ready, groupEnds(1), traffic);
        boolean failed = failing[peer] || availability.nextChange(peer) < end || availability.nextChange(partner) < end;
        end = failed ? begin + network.timeout() : end;
        pairs.occupy(pair, end);
        start(InFlight.Exchange.pair(pair.members(), failed), end);
    }

    private void start(InFlight.Exchange exchange, double end) {
        events.schedule(end, event(EXCHANGE_DONE, inFlight.start(exchange)));
    }

    private void done(int id, double time) {
        InFlight.Exchange exchange = inFlight.finish(id);
        int[] members = exchange.members();
        if (!exchange.failed()) {
            batch.average(members);
            averagings += members.length;
            if (!exchange.pairwise()) {
                matchmaking.advance(members, 0, members.length, exchange.window(), exchange.group());
            }
        }
        // AD-PSGD's passive partner keeps computing; the group protocols' members all start again.
        for (int k = 0; k < (exchange.pairwise() ? 1 : members.length); k++) {
            afterAveraging(members[k], time);
        }
    }

    /** The group-end scratch, long enough for {@code groups} groups. */
    private double[] groupEnds(int groups) {
        if (groupEnd.length < groups) {
            groupEnd = new double[Math.max(groups, 2 * groupEnd.length)];
        }
        return groupEnd;
    }
}
