package org.moshsim.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.LocalSteps;
import org.moshsim.plan.SparseMixing;
import org.moshsim.protocol.Matchmaking;
import org.moshsim.protocol.Protocols;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;
import org.moshsim.swarm.Availability;
import org.moshsim.swarm.Peers;
import org.moshsim.swarm.Sampling;
import org.moshsim.training.Trainer;
import org.moshsim.workload.Averaging;

/**
 * Peers at their own pace, event by event. Each peer does its local work (compute / speed, plus its delay),
 * then averages, then starts again:
 * <ul>
 *   <li>Group protocols (Moshpit, random groups): a ready peer joins its bucket; the first to join opens a
 *   matchmaking window (the DHT's window plus lookup hops) that closes then, or as soon as it is full; the
 *   peers in it form groups, which run their butterfly all-reduce. A peer that met nobody moves on alone.</li>
 *   <li>AD-PSGD: a ready peer averages with a random online peer; the exchange moves both vectors, once both
 *   peers' links are free (a passive peer's link serves one exchange at a time).</li>
 * </ul>
 * A peer offline when it is ready waits until it is back. A failure (probability p per attempt) keeps the peer
 * out of this attempt under {@code exclude}; under {@code void} it, like a member that goes offline during the
 * exchange, fails the group, which learns it by the timeout. Averagings completing at the same instant reach
 * the backend as one batch. The error is sampled every {@code timing.sample} seconds up to the horizon; the
 * round column holds effective rounds: averagings completed per peer.
 */
final class AsyncRun {
    private static final int READY = 1;
    private static final int WINDOW = 2;
    private static final int GROUP_DONE = 3;
    private static final int SAMPLE = 4;
    private static final int REJOIN = 5;
    private static final int PARTNER_TRIES = 8;

    private final Scenario scenario;
    private final long seed;
    private final Backend backend;
    private final Peers peers;
    private final NetworkModel network;
    private final Availability availability;
    private final Matchmaking matchmaking;
    private final Traffic traffic;
    private final long failureThreshold;
    private final EventQueue events = new EventQueue();
    private final int[] attempt;
    private final boolean[] failing;
    /** When each peer's link is free again (AD-PSGD: a passive peer may be asked by several). */
    private final double[] linkFree;
    /** The window whose group a peer last joined (-1: none yet). */
    private final int[] groupedIn;
    private final List<Measure> measures;
    private final Recorder recorder;
    private final Trainer trainer;
    private final int localSteps;
    private final boolean overlap;
    /** Overlapped training: whether a peer's averaging is under way (it keeps computing meanwhile). */
    private final boolean[] averaging;
    /** Steps completing at the current instant, applied together before the averagings. */
    private LocalSteps.Builder stepBatch;
    private final boolean[] inStepBatch;
    private double computing;

    /** A matchmaking window: its number (which seeds its groups), its bucket and the peers that joined. */
    private static final class Window {
        final int number;
        final long bucket;
        int[] peers = new int[4];
        int size;

        Window(int number, long bucket) {
            this.number = number;
            this.bucket = bucket;
        }
    }

    /** The open windows, by bucket and by number; a window that closed early is gone when its event fires. */
    private final Map<Long, Window> openByBucket = new HashMap<>();
    private final Map<Integer, Window> openByNumber = new HashMap<>();
    private int windows;

    /**
     * Exchanges in flight by id: members, whether they fail, and which window and group they came from. Ids of
     * finished exchanges are reused, so a long run holds only what is in flight.
     */
    private final List<int[]> exchangeMembers = new ArrayList<>();
    private final List<Boolean> exchangeFailed = new ArrayList<>();
    private final List<int[]> exchangeOrigin = new ArrayList<>();
    private final java.util.ArrayDeque<Integer> freeExchanges = new java.util.ArrayDeque<>();

    /** Averagings completing at the current instant, applied together. */
    private GroupAveraging.Builder batch;
    private final boolean[] inBatch;
    private int batchGroups;
    private double batchTime = -1;
    private int appliedPlans;
    private long averagings;

    /**
     * A run whose peers train (when the scenario has training): {@code localSteps} steps between averagings; it records
     * {@code measures}.
     */
    AsyncRun(Scenario scenario, ProtocolSpec spec, long seed, Backend backend, int localSteps, boolean overlap,
             List<Measure> measures) {
        this.scenario = scenario;
        this.seed = seed;
        this.backend = backend;
        int n = scenario.peers();
        this.peers = Peers.draw(scenario.swarm(), n, seed);
        this.network = new NetworkModel(peers, scenario.network());
        this.availability = Availability.of(scenario.availability(), n, seed);
        this.matchmaking = spec instanceof ProtocolSpec.Pairwise ? null : Protocols.matchmaking(spec, n, seed);
        this.traffic = new Traffic(n);
        this.failureThreshold = RandomStreams.bernoulliThreshold(scenario.failures().p());
        this.attempt = new int[n];
        this.failing = new boolean[n];
        this.linkFree = new double[n];
        this.groupedIn = new int[n];
        Arrays.fill(groupedIn, -1);
        this.inBatch = new boolean[n];
        this.batch = new GroupAveraging.Builder(n);
        this.trainer = scenario.training() == null ? null : new Trainer(scenario.training(), peers, seed);
        this.measures = measures;
        this.recorder = new Recorder(measures);
        this.localSteps = localSteps;
        this.overlap = overlap && trainer != null;
        this.averaging = new boolean[n];
        this.inStepBatch = new boolean[n];
        this.stepBatch = trainer == null ? null : trainer.steps();
    }

    private static long event(int kind, int id) {
        return ((long) kind << 32) | id;
    }

    Series run() {
        int n = scenario.peers();
        double horizon = scenario.timing().horizon();
        if (trainer == null) {
            Averaging.initialize(backend, scenario, seed);
        } else {
            trainer.initialize(backend);
        }
        recorder.record(0, 0, 0, 0, measure(0));
        for (int i = 0; i < n; i++) {
            events.schedule(readyAfter(i, 0), event(READY, i));
        }
        events.schedule(Math.min(scenario.timing().sample(), horizon), event(SAMPLE, 1));
        while (!events.isEmpty() && events.peekTime() <= horizon) {
            double time = events.peekTime();
            if (time > batchTime) {
                flush();
                batchTime = time;
            }
            long next = events.take();
            int id = (int) next;
            switch ((int) (next >>> 32)) {
                case READY:
                    ready(id, time);
                    break;
                case WINDOW:
                    closeWindow(id, time);
                    break;
                case GROUP_DONE:
                    done(id, time);
                    break;
                case REJOIN:
                    rejoin(id, time);
                    break;
                default:
                    flush();
                    recorder.record((double) averagings / n, time, traffic.total(), traffic.busiest(), measure(time));
                    double nextSample = Math.min((id + 1) * scenario.timing().sample(), horizon);
                    if (nextSample > time) {
                        events.schedule(nextSample, event(SAMPLE, id + 1));
                    }
                    break;
            }
        }
        // Sampling events reach the horizon, so the queue only ever stops there.
        return recorder.series(Series.Stop.HORIZON);
    }

    private double[] measure(double time) {
        if (trainer == null) {
            return scenario.packetLoss() == null ? new double[] {backend.meanSquaredError()}
                    : new double[] {backend.meanSquaredError(), Spread.of(backend.snapshot())};
        }
        return trainer.measure(backend, measures, computing, time, (double) averagings / scenario.peers());
    }

    /** When the peer will next be ready, starting at {@code time}: its local work (its steps, training) and its delay. */
    private double readyAfter(int peer, double time) {
        UniformRandomProvider delays = RandomStreams.stream(seed, Purpose.DELAYS, attempt[peer], peer + 1);
        double work = scenario.compute() / peers.speed(peer);
        if (trainer != null) {
            work = trainer.workTime(peer, attempt[peer], localSteps);
            computing += work;
        }
        return time + work + Sampling.draw(scenario.network().delay(), delays);
    }

    private void ready(int peer, double time) {
        availability.advanceTo(time);
        if (!availability.online(peer)) {
            double back = availability.nextChange(peer);
            if (Double.isFinite(back)) {
                // A training peer that left lost its work and its model; back, it downloads a current one.
                events.schedule(back, event(trainer == null ? READY : REJOIN, peer));
            }
            return;
        }
        if (trainer != null) {
            if (inBatch[peer] || inStepBatch[peer]) {
                flush();
            }
            trainer.addSteps(stepBatch, peer, attempt[peer], localSteps);
            inStepBatch[peer] = true;
            if (overlap) {
                // Averaging runs in the background: the peer starts its next steps now, and averages when free.
                boolean free = !averaging[peer];
                nextAttempt(peer, time);
                if (!free) {
                    return;
                }
                averaging[peer] = true;
            }
        }
        boolean fails = failureThreshold > 0 && RandomStreams.bernoulli(
                RandomStreams.stream(seed, Purpose.FAILURES, attempt[peer], peer + 1).nextInt(), failureThreshold);
        if (fails && scenario.failures().semantics() == FailureSemantics.EXCLUDE) {
            afterAveraging(peer, time);
            return;
        }
        failing[peer] = fails;
        if (matchmaking == null) {
            pairwise(peer, time);
        } else {
            join(peer, time);
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
            flush();
            backend.apply(new SparseMixing(new int[] {peer}, new int[] {0, 1}, new int[] {source}, new double[] {1.0}));
            seconds = network.transfer(source, peer, traffic);
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
        Window window = openByBucket.get(bucket);
        if (window == null) {
            window = new Window(windows++, bucket);
            openByBucket.put(bucket, window);
            openByNumber.put(window.number, window);
            events.schedule(time + network.matchmaking(), event(WINDOW, window.number));
        }
        if (window.size == window.peers.length) {
            window.peers = Arrays.copyOf(window.peers, 2 * window.size);
        }
        window.peers[window.size++] = peer;
        if (window.size >= matchmaking.capacity(bucket)) {
            closeWindow(window.number, time);
        }
    }

    private void closeWindow(int number, double time) {
        Window window = openByNumber.remove(number);
        if (window == null) {
            return;
        }
        openByBucket.remove(window.bucket);
        GroupAveraging.Builder builder = new GroupAveraging.Builder(window.size);
        matchmaking.formGroups(window.peers, window.size, number, builder);
        GroupAveraging groups = builder.build();
        for (int g = 0; g < groups.groupCount(); g++) {
            int[] members = groups.group(g);
            double seconds = network.exchange(members, 0, members.length, scenario.codec(), scenario.packetLoss(), traffic);
            boolean failed = false;
            for (int member : members) {
                groupedIn[member] = number;
                failed |= failing[member] || availability.nextChange(member) < time + seconds;
            }
            start(members, failed, new int[] {number, g}, time + (failed ? network.timeout() : seconds));
        }
        int alone = groups.groupCount();
        for (int k = 0; k < window.size; k++) {
            int peer = window.peers[k];
            if (groupedIn[peer] != number) {
                matchmaking.advance(window.peers, k, k + 1, number, alone++);
                afterAveraging(peer, time);
            }
        }
    }

    private void pairwise(int peer, double time) {
        int n = scenario.peers();
        UniformRandomProvider partners = RandomStreams.stream(seed, Purpose.PARTNERS, attempt[peer], peer + 1);
        for (int tries = 0; tries < PARTNER_TRIES; tries++) {
            int partner = partners.nextInt(n - 1);
            partner += partner >= peer ? 1 : 0;
            if (availability.online(partner)) {
                int[] pair = {peer, partner};
                // Each peer's link carries one exchange at a time: a busy partner's exchanges queue.
                double begin = Math.max(time, Math.max(linkFree[peer], linkFree[partner]));
                double end = begin + network.pairwise(peer, partner, scenario.codec(), scenario.packetLoss(), traffic);
                boolean failed = failing[peer] || availability.nextChange(peer) < end || availability.nextChange(partner) < end;
                end = failed ? begin + network.timeout() : end;
                linkFree[peer] = end;
                linkFree[partner] = end;
                start(pair, failed, null, end);
                return;
            }
        }
        afterAveraging(peer, time);
    }

    private void start(int[] members, boolean failed, int[] origin, double end) {
        int id;
        if (freeExchanges.isEmpty()) {
            id = exchangeMembers.size();
            exchangeMembers.add(members);
            exchangeFailed.add(failed);
            exchangeOrigin.add(origin);
        } else {
            id = freeExchanges.pop();
            exchangeMembers.set(id, members);
            exchangeFailed.set(id, failed);
            exchangeOrigin.set(id, origin);
        }
        events.schedule(end, event(GROUP_DONE, id));
    }

    private void done(int id, double time) {
        int[] members = exchangeMembers.get(id);
        int[] origin = exchangeOrigin.get(id);
        boolean failed = exchangeFailed.get(id);
        exchangeMembers.set(id, null);
        exchangeOrigin.set(id, null);
        freeExchanges.push(id);
        if (!failed) {
            for (int member : members) {
                if (inBatch[member]) {
                    flush();
                    break;
                }
            }
            for (int member : members) {
                batch.add(member);
                inBatch[member] = true;
            }
            batch.close();
            batchGroups++;
            averagings += members.length;
            if (origin != null) {
                matchmaking.advance(members, 0, members.length, origin[0], origin[1]);
            }
        }
        // AD-PSGD's passive partner keeps computing; the group protocols' members all start again.
        for (int k = 0; k < (origin == null ? 1 : members.length); k++) {
            afterAveraging(members[k], time);
        }
    }

    /** Applies the steps, then the averagings, collected at this instant, each as one plan. */
    private void flush() {
        if (stepBatch != null && !stepBatch.isEmpty()) {
            LocalSteps steps = stepBatch.build();
            backend.apply(steps);
            for (int peer : steps.peers()) {
                inStepBatch[peer] = false;
            }
            stepBatch = trainer.steps();
        }
        if (batchGroups == 0) {
            return;
        }
        // The lossy links' round is the count of averaging plans applied so far: deterministic, whatever the threads.
        GroupAveraging plan = batch.build().withCodec(scenario.codec())
                .withLoss(scenario.packetLoss() == null ? null : scenario.packetLoss().at(seed, appliedPlans++));
        backend.apply(plan);
        for (int member : plan.members()) {
            inBatch[member] = false;
        }
        batch = new GroupAveraging.Builder(scenario.peers());
        batchGroups = 0;
    }
}
