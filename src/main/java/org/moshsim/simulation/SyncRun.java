package org.moshsim.simulation;

import org.apache.commons.rng.UniformRandomProvider;
import org.moshsim.backend.Backend;
import org.moshsim.config.Dist;
import org.moshsim.config.ProtocolSpec;
import org.moshsim.config.Scenario;
import org.moshsim.metrics.Recorder;
import org.moshsim.metrics.Series;
import org.moshsim.network.NetworkModel;
import org.moshsim.network.Traffic;
import org.moshsim.plan.GroupAveraging;
import org.moshsim.plan.Plan;
import org.moshsim.protocol.Participation;
import org.moshsim.protocol.Protocol;
import org.moshsim.protocol.Protocols;
import org.moshsim.random.Purpose;
import org.moshsim.random.RandomStreams;
import org.moshsim.swarm.Availability;
import org.moshsim.swarm.BernoulliDropout;
import org.moshsim.swarm.Peers;
import org.moshsim.swarm.Sampling;
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

    SyncRun(Scenario scenario, ProtocolSpec spec, long seed, Backend backend) {
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
    }

    Series run() {
        int n = scenario.peers();
        Averaging.initialize(backend, scenario, seed);
        Recorder recorder = new Recorder();
        recorder.record(0, 0, 0, 0, backend.meanSquaredError());
        boolean[] live = new boolean[n];
        double[] ready = new double[n];
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
            for (int i = 0; i < n; i++) {
                ready[i] = time + localWork[i] + Sampling.draw(delay, delays);
                live[i] &= alwaysOnline || availability.online(i);
                // Plain comparisons: C1-compiled code (the launcher's) calls Math.max out of line.
                if (ready[i] > slowest) {
                    slowest = ready[i];
                }
                if (live[i] && ready[i] > slowestLive) {
                    slowestLive = ready[i];
                }
            }
            Plan plan = protocol.plan(round, new Participation(live, scenario.failures().semantics()));
            double end = network.price(plan, ready, groupEnd, traffic);
            if (plan instanceof GroupAveraging groups && !alwaysOnline) {
                GroupAveraging checked = leavingMembersFail(groups, groupEnd);
                for (int g = 0; g < groups.groupCount(); g++) {
                    if (checked.failed(g) && !groups.failed(g)) {
                        end = Math.max(end, groupEnd[g] + network.timeout());
                    }
                }
                plan = checked;
            }
            backend.apply(plan);
            // Nothing exchanged: the round still takes its peers' local work.
            time = Math.max(end, slowestLive == Double.NEGATIVE_INFINITY ? slowest : slowestLive);
            recorder.record(round + 1, time, traffic.total(), traffic.busiest(), backend.meanSquaredError());
        }
        return recorder.series();
    }

    /**
     * Groups with a member that goes offline before their exchange ends fail; they learn it by a timeout, at
     * the latest after the exchange's end (a ring attempt is lost whole).
     */
    private GroupAveraging leavingMembersFail(GroupAveraging groups, double[] groupEnd) {
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
