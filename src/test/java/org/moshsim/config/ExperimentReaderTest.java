package org.moshsim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.moshsim.Comparison;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.moshsim.Measure;
import org.moshsim.Target;
import org.moshsim.protocol.Protocols;

class ExperimentReaderTest {
    private static final String VALID = String.join("\n",
            "name: small",
            "peers: 16",
            "protocols:",
            "  - {type: moshpit, grid: [4, 4]}",
            "");

    @Test
    void readsThePaperTableAsWritten() {
        Experiment e = ExperimentReader.read(Path.of("experiments/averaging/paper-table.yaml"), null, Protocols.catalogue());
        assertEquals("paper-table", e.name());
        assertEquals(List.of("peers", "failures.p"), e.sweptKeys());
        assertEquals(16, e.points().size());
        assertEquals(10, e.seeds());
        assertEquals(960, e.runCount());
        assertEquals(List.of(new Target(Measure.MSE, 1e-4), new Target(Measure.MSE, 1e-9)), e.targets());
        Point last = e.points().get(15);
        assertEquals(Map.of("peers", "1024", "failures.p", "0.01"), last.coordinates());
        assertEquals(new Scenario(1024, 1, 50, new InitSpec.Normal(0, 1), new FailureSpec(0.01, FailureSemantics.EXCLUDE)),
                last.scenario());
        List<String> labels = last.protocols().stream().map(ProtocolSpec::label).toList();
        assertEquals(List.of("all-reduce", "gossip", "push-sum", "random-groups", "moshpit", "moshpit-keys"), labels);
        assertEquals(new ProtocolSpec.Moshpit("moshpit-keys", ProtocolSpec.Variant.KEYS, List.of(32, 32)), last.protocols().get(5));
    }

    @Test
    void defaultsFillWhatIsLeftOut() {
        Experiment e = ExperimentReader.parse("small.yaml", VALID, null, Protocols.catalogue());
        assertEquals(new Scenario(16, 1, 50, new InitSpec.Normal(0, 1), FailureSpec.NONE), e.points().get(0).scenario());
        assertEquals(1, e.seeds());
        assertEquals(List.of(), e.sweptKeys());
        assertEquals(Map.of(), e.points().get(0).coordinates());
        assertEquals(16L, e.resolved().get("peers"));
        assertEquals(1L, e.resolved().get("dim"));
    }

    @Test
    void seedsFromTheCommandLineWin() {
        assertEquals(7, ExperimentReader.parse("small.yaml", VALID, 7, Protocols.catalogue()).seeds());
    }

    @Test
    void aListInsideAProtocolSweepsThatProtocolOnly() {
        Experiment e = ExperimentReader.parse("x.yaml", String.join("\n",
                "name: x",
                "peers: [64, 128]",
                "protocols:",
                "  - {type: random-groups, group-size: [4, 8]}",
                "  - {type: moshpit, grid: [[8, 8], [4, 4, 4]], variant: keys}",
                ""), null, Protocols.catalogue());
        assertEquals(2, e.points().size());
        List<String> labels = e.points().get(0).protocols().stream().map(ProtocolSpec::label).toList();
        assertEquals(List.of("random-groups group-size=4", "random-groups group-size=8", "moshpit grid=8x8", "moshpit grid=4x4x4"),
                labels);
        assertEquals(List.of(4, 4, 4), ((ProtocolSpec.Moshpit) e.points().get(1).protocols().get(3)).grid());
    }

    @Test
    void pointsListPanelsThatAreNotACartesianProduct() {
        Experiment e = ExperimentReader.read(Path.of("experiments/averaging/paper-figure.yaml"), null, Protocols.catalogue());
        assertEquals(List.of("peers", "failures.p"), e.sweptKeys());
        assertEquals(List.of(Map.of("peers", "1024", "failures.p", "0"), Map.of("peers", "1024", "failures.p", "0.005"),
                Map.of("peers", "768", "failures.p", "0.005")), e.points().stream().map(Point::coordinates).toList());
        assertEquals(768, e.points().get(2).scenario().peers());
        assertEquals(0.005, e.points().get(2).scenario().failures().p());
        assertEquals(10, e.points().get(2).scenario().rounds());
    }

    @Test
    void theResolvedConfigReadsBackToTheSameExperiment() throws Exception {
        for (String file : List.of("paper-table", "paper-figure", "grid-ablation")) {
            Experiment e = ExperimentReader.read(Path.of("experiments/averaging/" + file + ".yaml"), null, Protocols.catalogue());
            Path dir = java.nio.file.Files.createTempDirectory("resolved");
            org.moshsim.metrics.ConfigYaml.write(dir, e.resolved(), "test");
            Experiment again = ExperimentReader.read(dir.resolve("config.yaml"), null, Protocols.catalogue());
            assertEquals(e.points(), again.points(), file);
            assertEquals(e.sweptKeys(), again.sweptKeys(), file);
            assertEquals(e.seeds(), again.seeds(), file);
            assertEquals(e.targets(), again.targets(), file);
        }
    }

    /** Each kind of bad config: the line it points at and words the message must contain. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key                 | name: x\\npeer: 16\\nprotocols: [{type: all-reduce}]                                   | 2 | unknown key 'peer'; did you mean 'peers'? (expected an integer >= 2)
            unknown nested key          | name: x\\npeers: 16\\nfailures: {model: bernoulli, p: 0.1, q: 2}\\nprotocols: [{type: all-reduce}] | 3 | unknown key 'failures.q'; allowed in failures: model, p, semantics
            unknown protocol key        | name: x\\npeers: 16\\nprotocols:\\n  - {type: gossip, neighbours: 2}                      | 4 | unknown key 'protocols[0].neighbours'; allowed in protocols[0]: type, label, neighbors
            wrong type                  | name: x\\npeers: many\\nprotocols: [{type: all-reduce}]                                  | 2 | peers: 'many' is not allowed; expected an integer >= 2
            wrong type in a sweep       | name: x\\npeers:\\n  - 16\\n  - 3.5\\nprotocols: [{type: all-reduce}]                     | 4 | peers: '3.5' is not allowed; expected an integer >= 2
            p above one                 | name: x\\npeers: 16\\nfailures: {model: bernoulli, p: [0, 1.5]}\\nprotocols: [{type: all-reduce}] | 3 | failures.p: 1.5 is out of range; allowed: a probability in [0, 1]
            negative p                  | name: x\\npeers: 16\\nfailures: {model: bernoulli, p: -0.1}\\nprotocols: [{type: all-reduce}] | 3 | failures.p: -0.1 is out of range
            p missing                   | name: x\\npeers: 16\\nfailures: {model: bernoulli}\\nprotocols: [{type: all-reduce}]    | 3 | missing key 'failures.p'; expected a probability in [0, 1]
            unknown semantics           | name: x\\npeers: 16\\nfailures: {model: bernoulli, p: 0, semantics: ignore}\\nprotocols: [{type: all-reduce}] | 3 | failures.semantics: 'ignore' is not allowed; expected one of exclude, void
            more peers than cells       | name: x\\npeers: [16, 20]\\nprotocols:\\n  - {type: moshpit, grid: [4, 4]}               | 4 | protocols[0].grid: 4x4 has 16 cells but peers is 20 (line 2); variant grid needs a distinct cell for every peer
            group size below two        | name: x\\npeers: 16\\nprotocols:\\n  - {type: random-groups, group-size: 1}             | 4 | protocols[0].group-size: 1 is out of range; allowed: an integer >= 2
            group size above peers      | name: x\\npeers: 16\\nprotocols:\\n  - {type: random-groups, group-size: 32}            | 4 | protocols[0].group-size: 32 is more than peers 16 (line 2)
            grid side below two         | name: x\\npeers: 4\\nprotocols:\\n  - {type: moshpit, grid: [4, 1]}                    | 4 | protocols[0].grid: 1 is out of range; expected a list of grid sides >= 2
            grid not a list             | name: x\\npeers: 4\\nprotocols:\\n  - {type: moshpit, grid: 32}                        | 4 | protocols[0].grid: '32' is not allowed; expected a list of grid sides >= 2
            too many neighbours         | name: x\\npeers: 4\\nprotocols:\\n  - {type: gossip, neighbors: 2}                     | 4 | protocols[0].neighbors: 2 on each side needs more than 4 peers on the ring, but peers is 4
            out-degree above hops       | name: x\\npeers: 8\\nprotocols:\\n  - {type: push-sum, out-degree: 4}                  | 4 | protocols[0].out-degree: 4 is more than the 3 distinct hops
            unknown protocol type       | name: x\\npeers: 8\\nprotocols:\\n  - {type: allreduce}                                | 4 | protocols[0].type: 'allreduce' is not allowed; expected one of all-reduce, gossip, push-sum, random-groups, moshpit
            duplicate label             | name: x\\npeers: 16\\nprotocols:\\n  - {type: all-reduce}\\n  - {type: all-reduce}     | 5 | protocols[1].label: 'all-reduce' names two protocols
            unknown key at the end      | name: x\\npeers: 16\\nprotocols: [{type: all-reduce}]\\nrounds_: 3                | 4 | unknown key 'rounds_'; allowed at the top: name, peers, dim, rounds
            missing peers               | name: x\\nprotocols: [{type: all-reduce}]                                              | 1 | missing key 'peers'; expected an integer >= 2
            missing protocols           | name: x\\npeers: 16                                                                      | 1 | missing key 'protocols'
            empty protocols             | name: x\\npeers: 16\\nprotocols: []                                                     | 3 | protocols: a list is not allowed; expected a list of protocols
            seeds is not a sweep        | name: x\\npeers: 16\\nseeds: [1, 2]\\nprotocols: [{type: all-reduce}]                   | 3 | seeds: a list is not allowed; expected an integer >= 1
            empty sweep                 | name: x\\npeers: []\\nprotocols: [{type: all-reduce}]                                   | 2 | peers: an empty list sweeps nothing
            bad name                    | name: my experiment!\\npeers: 16\\nprotocols: [{type: all-reduce}]                      | 1 | name: 'my experiment!' is not allowed; expected a name of letters, digits
            nonpositive target          | name: x\\npeers: 16\\ntargets: [1e-4, 0]\\nprotocols: [{type: all-reduce}]              | 3 | targets: 0 is out of range; allowed: positive mse targets
            uniform bounds              | name: x\\npeers: 16\\ninit: {distribution: uniform, low: 1, high: 0}\\nprotocols: [{type: all-reduce}] | 3 | init.high: 0.0 is not above low 1.0
            negative std                | name: x\\npeers: 16\\ninit: {std: -1}\\nprotocols: [{type: all-reduce}]                 | 3 | init.std: -1 is out of range; allowed: a number >= 0
            key given twice             | name: x\\npeers: 16\\npeers: 32\\nprotocols: [{type: all-reduce}]                        | 3 | peers: given twice
            not yaml                    | name: x\\npeers: [16\\nprotocols: [{type: all-reduce}]                                  | 3 | not valid YAML
            not a mapping               | - 1\\n- 2                                                                                 | 1 | the config: expected a mapping of keys, got a list
            empty file                  | ''                                                                                        | 1 | the file is empty
            bad point key               | name: x\\npeers: 16\\npoints:\\n  - {protocols: 3}\\nprotocols: [{type: all-reduce}]     | 4 | points[0]: unknown key 'protocols'; allowed in a point: peers, dim, rounds, init, failures
            bad value in a point        | name: x\\npeers: 16\\npoints:\\n  - {peers: 1}\\nprotocols: [{type: all-reduce}]         | 4 | peers: 1 is out of range; allowed: an integer >= 2
            bandwidth without a unit    | name: x\\npeers: 16\\nswarm: {bandwidth: 1000}\\nprotocols: [{type: all-reduce}]     | 3 | swarm.bandwidth: '1000' is not allowed; expected a bandwidth with its unit, such as 1Gbit/s
            bandwidth in the wrong case | name: x\\npeers: 16\\nswarm: {bandwidth: 1gbit/s}\\nprotocols: [{type: all-reduce}]  | 3 | swarm.bandwidth: '1gbit/s' is not allowed
            negative latency            | name: x\\npeers: 16\\nswarm: {latency: -2ms}\\nprotocols: [{type: all-reduce}]      | 3 | swarm.latency: -2ms is out of range; allowed: a duration such as 100ms
            unknown distribution        | name: x\\npeers: 16\\nnetwork: {delay: {distribution: pareto, mean: 1s}}\\nprotocols: [{type: all-reduce}] | 3 | network.delay.distribution: 'pareto' is not allowed; expected one of constant, uniform, exponential, lognormal, weibull
            distribution missing a key  | name: x\\npeers: 16\\nnetwork: {delay: {distribution: exponential}}\\nprotocols: [{type: all-reduce}] | 3 | missing key 'network.delay.mean'
            payload as a bandwidth      | name: x\\npeers: 16\\nnetwork: {payload: 100MB/s}\\nprotocols: [{type: all-reduce}]  | 3 | network.payload: '100MB/s' is not allowed; expected a size such as 100MB
            churn without sessions      | name: x\\npeers: 16\\navailability: {model: churn, downtime: 5min}\\nprotocols: [{type: all-reduce}] | 3 | missing key 'availability.session'
            churn with a zero mean      | name: x\\npeers: 16\\navailability:\\n  model: churn\\n  session: {distribution: exponential, mean: 0s}\\n  downtime: 1min\\nprotocols: [{type: all-reduce}] | 5 | availability.session.mean: 0s is out of range
            trace file missing          | name: x\\npeers: 16\\navailability: {model: trace, file: no/such.csv}\\nprotocols: [{type: all-reduce}] | 3 | availability.file: no such trace file 'no/such.csv'
            shares not adding up        | name: x\\npeers: 16\\nswarm:\\n  profiles:\\n    - {name: a, share: 0.5}\\n    - {name: b, share: 0.2}\\nprotocols: [{type: all-reduce}] | 5 | swarm.profiles: the shares add up to 0.7; they must add up to 1
            async without a horizon     | name: x\\npeers: 16\\nnetwork: {matchmaking: 1s}\\nprotocols:\\n  - {type: moshpit, variant: keys, grid: [4, 4], mode: async} | 5 | protocols[0].mode: an asynchronous protocol runs until the horizon
            async without a window      | name: x\\npeers: 16\\ntiming: {horizon: 1min}\\nprotocols:\\n  - {type: random-groups, group-size: 4, mode: async} | 5 | protocols[0].mode: async groups meet in a matchmaking window
            async grid variant          | name: x\\npeers: 16\\ntiming: {horizon: 1min}\\nnetwork: {matchmaking: 1s}\\nprotocols:\\n  - {type: moshpit, grid: [4, 4], mode: async} | 6 | protocols[0].mode: async needs variant keys
            ad-psgd without a horizon   | name: x\\npeers: 16\\nprotocols: [{type: ad-psgd}]                                  | 3 | protocols[0].type: an asynchronous protocol runs until the horizon
            unknown figure              | name: x\\npeers: 16\\nfigures: [rounds, heatmap]\\nprotocols: [{type: all-reduce}]   | 3 | figures: 'heatmap' is not allowed; expected a list of rounds, time, speedup
            training with dim           | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\ndim: 8\\nprotocols: [{type: all-reduce}] | 4 | dim: a training run takes its dimension from the model; remove dim
            unknown model               | name: x\\npeers: 16\\ntraining: {model: cnn, dataset: digits}\\nprotocols: [{type: all-reduce}] | 3 | training.model: 'cnn' is not allowed; expected one of least-squares, logistic, mlp
            unknown dataset             | name: x\\npeers: 16\\ntraining: {model: mlp, dataset: mnist}\\nprotocols: [{type: all-reduce}] | 3 | training.dataset: 'mnist' is not allowed; expected one of digits, breast-cancer
            learning rate missing       | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, step-time: 1s}\\nprotocols: [{type: all-reduce}] | 3 | missing key 'training.learning-rate'
            step time of zero           | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 0s}\\nprotocols: [{type: all-reduce}] | 3 | training.step-time: 0s is out of range
            classifier without a test set | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, test-fraction: 0}\\nprotocols: [{type: all-reduce}] | 3 | training.test-fraction: a classifier's accuracy is measured on held-out examples
            alpha without dirichlet     | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, alpha: 0.5}\\nprotocols: [{type: all-reduce}] | 3 | training.alpha: alpha is the concentration of split: dirichlet
            hidden without mlp          | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, hidden: 8}\\nprotocols: [{type: all-reduce}] | 3 | training.hidden: only model mlp has hidden units
            local steps below one       | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\nprotocols:\\n  - {type: all-reduce, local-steps: 0} | 5 | protocols[0].local-steps: 0 is out of range; allowed: an integer >= 1
            local steps without training | name: x\\npeers: 16\\nprotocols:\\n  - {type: all-reduce, local-steps: 2} | 4 | unknown key 'protocols[0].local-steps'
            accuracy target above one   | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\naccuracy-targets: [1.5]\\nprotocols: [{type: all-reduce}] | 4 | accuracy-targets: 1.5 is out of range
            target without a batch      | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, mode: target-batch}\\nprotocols: [{type: all-reduce}] | 3 | missing key 'training.target-batch'
            target with local steps     | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, mode: target-batch, target-batch: 64, local-steps: 2}\\nprotocols: [{type: all-reduce}] | 3 | training.local-steps: mode: target-batch takes as many steps as the swarm needs
            target batch without mode   | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, target-batch: 64}\\nprotocols: [{type: all-reduce}] | 3 | training.target-batch: target-batch applies to mode: target-batch
            schedule without target     | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, learning-rate-schedule: {warmup: 5}}\\nprotocols: [{type: all-reduce}] | 3 | training.learning-rate-schedule: learning-rate-schedule applies to mode: target-batch
            decay ending in warm-up     | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, mode: target-batch, target-batch: 64, learning-rate-schedule: {warmup: 5, decay: linear, total: 5}}\\nprotocols: [{type: all-reduce}] | 3 | training.learning-rate-schedule.total: 5 is not after the warm-up's 5 steps
            total without decay         | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, mode: target-batch, target-batch: 64, learning-rate-schedule: {total: 50}}\\nprotocols: [{type: all-reduce}] | 3 | training.learning-rate-schedule.total: total is where linear decay ends
            target with model averaging | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, mode: target-batch, target-batch: 64}\\nprotocols:\\n  - {type: all-reduce, exchange: models} | 5 | protocols[0].exchange: training mode: target-batch aggregates the accumulated gradients
            target with protocol steps  | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, mode: target-batch, target-batch: 64}\\nprotocols:\\n  - {type: all-reduce, local-steps: 4} | 5 | protocols[0].local-steps: training mode: target-batch takes as many steps
            target asynchronously       | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, mode: target-batch, target-batch: 64}\\ntiming: {horizon: 60s}\\nnetwork: {matchmaking: 1s}\\nprotocols:\\n  - {type: moshpit, variant: keys, grid: [4, 4], mode: async} | 7 | protocols[0].exchange: gradient exchange runs in synchronous rounds
            unknown optimizer           | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, mode: target-batch, target-batch: 64, optimizer: {type: adam}}\\nprotocols: [{type: all-reduce}] | 3 | training.optimizer.type: 'adam' is not allowed; expected one of sgd, momentum, nesterov, lamb
            betas for momentum          | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, mode: target-batch, target-batch: 64, optimizer: {type: momentum, beta1: 0.9}}\\nprotocols: [{type: all-reduce}] | 3 | training.optimizer.beta1: beta1 does not apply to type: momentum; it takes momentum
            momentum of one             | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, mode: target-batch, target-batch: 64, optimizer: {type: nesterov, momentum: 1}}\\nprotocols: [{type: all-reduce}] | 3 | training.optimizer.momentum: 1 is out of range
            micro-batches not dividing  | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, batch: 32, micro-batches: 5}\\nprotocols: [{type: all-reduce}] | 3 | training.micro-batches: 5 does not divide the batch of 32
            drop-compute without micro  | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, drop-compute: auto}\\nprotocols: [{type: all-reduce}] | 3 | training.drop-compute: DropCompute drops micro-batches; set micro-batches: 2 or more
            drop-compute of zero        | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, micro-batches: 4, drop-compute: 0s}\\nprotocols: [{type: all-reduce}] | 3 | training.drop-compute: 0s is out of range
            drop-compute asynchronously | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s, micro-batches: 4, drop-compute: auto}\\ntiming: {horizon: 60s}\\nprotocols:\\n  - {type: ad-psgd} | 6 | protocols[0].type: DropCompute (training: drop-compute) cuts synchronous steps short
            unknown codec word          | name: x\\npeers: 16\\ncompression: int16\\nprotocols: [{type: all-reduce}]        | 3 | compression: 'int16' is not allowed; expected none, float16, int2 .. int8 (groups of 128), blockwise-int8
            codec word in a sweep       | name: x\\npeers: 16\\ncompression: [none, int1]\\nprotocols: [{type: all-reduce}] | 3 | compression: 'int1' is not allowed; expected none, float16
            codec as a number           | name: x\\npeers: 16\\ncompression: 8\\nprotocols: [{type: all-reduce}]            | 3 | compression: '8' is not allowed; expected none
            codec as a list of lists    | name: x\\npeers: 16\\ncompression: [[int4]]\\nprotocols: [{type: all-reduce}]     | 3 | compression: a list is not allowed; expected none, float16
            unknown codec               | name: x\\npeers: 16\\ncompression: {codec: zstd}\\nprotocols: [{type: all-reduce}] | 3 | compression.codec: 'zstd' is not allowed; expected one of none, float16, int, blockwise-int8
            int codec without bits      | name: x\\npeers: 16\\ncompression: {codec: int, group: 64}\\nprotocols: [{type: all-reduce}] | 3 | missing key 'compression.bits'; expected an integer from 2 to 8
            int codec with nine bits    | name: x\\npeers: 16\\ncompression: {codec: int, bits: 9}\\nprotocols: [{type: all-reduce}] | 3 | compression.bits: 9 is out of range; allowed: an integer from 2 to 8
            int codec with one bit      | name: x\\npeers: 16\\ncompression: {codec: int, bits: 1}\\nprotocols: [{type: all-reduce}] | 3 | compression.bits: 1 is out of range; allowed: an integer from 2 to 8
            empty group                 | name: x\\npeers: 16\\ncompression: {codec: int, bits: 4, group: 0}\\nprotocols: [{type: all-reduce}] | 3 | compression.group: 0 is out of range; allowed: an integer >= 1
            empty block                 | name: x\\npeers: 16\\ncompression:\\n  codec: blockwise-int8\\n  block: 0\\nprotocols: [{type: all-reduce}] | 5 | compression.block: 0 is out of range; allowed: an integer >= 1
            block for the int codec     | name: x\\npeers: 16\\ncompression: {codec: int, bits: 4, block: 64}\\nprotocols: [{type: all-reduce}] | 3 | unknown key 'compression.block'; allowed in compression: codec, bits, group
            bits for float16            | name: x\\npeers: 16\\ncompression: {codec: float16, bits: 16}\\nprotocols: [{type: all-reduce}] | 3 | unknown key 'compression.bits'; allowed in compression: codec
            loss as a word              | name: x\\npeers: 16\\npacket-loss: lossy\\nprotocols: [{type: all-reduce}]       | 3 | packet-loss: 'lossy' is not allowed; expected none, or a mapping such as {rate: 0.05
            loss without a rate         | name: x\\npeers: 16\\npacket-loss: {packet: 1400B}\\nprotocols: [{type: all-reduce}] | 3 | missing key 'packet-loss.rate'; expected a loss rate in [0, 1)
            loss rate of one            | name: x\\npeers: 16\\npacket-loss: {rate: 1}\\nprotocols: [{type: all-reduce}] | 3 | packet-loss.rate: 1 is out of range; allowed: a loss rate in [0, 1)
            negative loss rate          | name: x\\npeers: 16\\npacket-loss: {rate: -0.1}\\nprotocols: [{type: all-reduce}] | 3 | packet-loss.rate: -0.1 is out of range; allowed: a loss rate in [0, 1)
            loss rate in a sweep        | name: x\\npeers: 16\\npacket-loss:\\n  rate: [0, 0.1, 1.5]\\nprotocols: [{type: all-reduce}] | 4 | packet-loss.rate: 1.5 is out of range; allowed: a loss rate in [0, 1)
            loss rate as text           | name: x\\npeers: 16\\npacket-loss: {rate: high}\\nprotocols: [{type: all-reduce}] | 3 | packet-loss.rate: 'high' is not allowed; expected a loss rate in [0, 1)
            packet below one value      | name: x\\npeers: 16\\npacket-loss: {rate: 0.1, packet: 2B}\\nprotocols: [{type: all-reduce}] | 3 | packet-loss.packet: 2B is out of range; a packet carries from one float32 value (4B)
            packet without a size       | name: x\\npeers: 16\\npacket-loss: {rate: 0.1, packet: big}\\nprotocols: [{type: all-reduce}] | 3 | packet-loss.packet: 'big' is not allowed; expected a size such as 100MB
            unknown aggregation         | name: x\\npeers: 16\\npacket-loss: {rate: 0.1, aggregation: average}\\nprotocols: [{type: all-reduce}] | 3 | packet-loss.aggregation: 'average' is not allowed; expected one of zero-fill, received-only, retransmission
            burst below one packet      | name: x\\npeers: 16\\npacket-loss: {rate: 0.1, burst-length: 0.5}\\nprotocols: [{type: all-reduce}] | 3 | packet-loss.burst-length: 0.5 is out of range; allowed: a mean burst length in packets >= 1
            rate beyond the bursts      | name: x\\npeers: 16\\npacket-loss: {rate: 0.8, burst-length: 2}\\nprotocols: [{type: all-reduce}] | 3 | packet-loss.rate: 0.8 is out of range for burst-length 2.0; bursts of L packets allow a rate of at most L / (L + 1)
            unknown loss key            | name: x\\npeers: 16\\npacket-loss: {rate: 0.1, retries: 3}\\nprotocols: [{type: all-reduce}] | 3 | unknown key 'packet-loss.retries'; allowed in packet-loss: rate, packet, burst-length, aggregation
            loss in some points only    | name: x\\npeers: 16\\npoints: [{packet-loss: {rate: 0.1}}, {peers: 32}]\\nprotocols: [{type: all-reduce}] | 3 | packet-loss: set in some points but not in others
            speedup without targets     | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\nfigures: [time, speedup]\\nprotocols: [{type: all-reduce}] | 4 | figures: speedup compares the seconds to targets, and the config has none
            gradients without training  | name: x\\npeers: 16\\nprotocols:\\n  - {type: all-reduce, exchange: gradients} | 4 | protocols[0].exchange: only peers that train exchange gradients
            sparsifier for model averaging | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\ncompression: {sparsifier: top-k, ratio: 0.01}\\nprotocols: [{type: all-reduce}] | 4 | compression: top-k applies to gradient exchange only
            sparsifier on a model protocol | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\nprotocols:\\n  - {type: moshpit, grid: [4, 4], compression: {sparsifier: rand-k, ratio: 0.1, feedback: ef21}} | 5 | protocols[0].compression: rand-k with ef21 applies to gradient exchange only
            two-step for gossip         | name: x\\npeers: 16\\ncompression: {all-reduce: two-step, bits: 4}\\nprotocols: [{type: gossip}] | 3 | compression: the two-step int4 all-reduce is an all-reduce of a group; gossip does not average in synchronous groups
            float16 ring under loss     | name: x\\npeers: 16\\ncompression: float16-ring\\npacket-loss: {rate: 0.1}\\nprotocols: [{type: all-reduce}] | 3 | compression: float16-ring averaging models is modelled over lossless links
            every with record sample    | name: x\\npeers: 16\\ntiming: {sample: 1s, record: sample, every: 2}\\nprotocols: [{type: all-reduce}] | 3 | timing.every: every counts rounds of record: rounds
            record sample unsampled     | name: x\\npeers: 16\\ntiming: {record: sample}\\nprotocols: [{type: all-reduce}] | 3 | timing.record: record: sample needs a sample interval
            gossip of gradients         | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\nprotocols:\\n  - {type: gossip, exchange: gradients} | 5 | protocols[0].exchange: gradients are exchanged in groups
            overlapped gradients        | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\nprotocols:\\n  - {type: all-reduce, exchange: gradients, overlap: true} | 5 | protocols[0].overlap: a peer's next gradient needs the step its exchange brings
            asynchronous gradients      | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\ntiming: {horizon: 60s}\\nnetwork: {matchmaking: 1s}\\nprotocols:\\n  - {type: moshpit, variant: keys, grid: [4, 4], mode: async, exchange: gradients} | 7 | protocols[0].exchange: gradient exchange runs in synchronous rounds
            server with arc-top-k       | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\nprotocols:\\n  - {type: parameter-server, compression: {sparsifier: arc-top-k, ratio: 0.1}} | 5 | protocols[0].compression: arc-top-k is a collective among the peers
            server without training     | name: x\\npeers: 16\\nprotocols: [{type: parameter-server}] | 3 | protocols[0].type: a parameter server aggregates the gradients of peers that train
            server exchanging models    | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\nprotocols:\\n  - {type: parameter-server, exchange: models} | 5 | protocols[0].exchange: a parameter server aggregates gradients
            lossy top-k                 | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\npacket-loss: {rate: 0.1, aggregation: zero-fill}\\nprotocols:\\n  - {type: all-reduce, exchange: gradients, compression: {sparsifier: top-k, ratio: 0.1}} | 4 | packet-loss: lossy aggregation (zero-fill, received-only) is modelled for exact or codec-compressed gradients
            unknown sparsifier          | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\nprotocols:\\n  - {type: all-reduce, exchange: gradients, compression: {sparsifier: dgc, ratio: 0.1}} | 5 | protocols[0].compression.sparsifier: 'dgc' is not allowed; expected one of top-k, rand-k, arc-top-k
            eta without ef21m           | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\nprotocols:\\n  - {type: all-reduce, exchange: gradients, compression: {sparsifier: top-k, ratio: 0.1, feedback: ef21, eta: 0.1}} | 5 | unknown key 'protocols[0].compression.eta'
            unknown exchange            | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\nprotocols:\\n  - {type: all-reduce, exchange: weights} | 5 | protocols[0].exchange: 'weights' is not allowed; expected one of models, gradients
            unknown apply mode          | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\naveraging: {apply: stale}\\nprotocols: [{type: push-sum, overlap: true}] | 4 | averaging.apply: 'stale' is not allowed; expected one of reference, current, snapshot-overwrite, snapshot-delta
            apply without training      | name: x\\npeers: 16\\naveraging: {apply: snapshot-delta}\\nprotocols: [{type: push-sum}] | 3 | averaging: only peers that train take steps during an averaging
            unknown averaging key       | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\naveraging: {apply: current, mode: x}\\nprotocols: [{type: push-sum}] | 4 | unknown key 'averaging.mode'
            ratio above one             | name: x\\npeers: 16\\ntraining: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}\\nprotocols:\\n  - {type: all-reduce, exchange: gradients, compression: {sparsifier: rand-k, ratio: 2}} | 5 | protocols[0].compression.ratio: 2 is out of range; allowed: the fraction of values kept
            """)
    void rejectsBadConfigsWithTheKeyItsLineAndWhatIsAllowed(String kind, String yaml, int line, String message) {
        ConfigError error = assertThrows(ConfigError.class, () -> ExperimentReader.parse("bad.yaml", yaml.replace("\\n", "\n"), null, Protocols.catalogue()));
        assertEquals(line, error.line(), error.getMessage());
        assertTrue(error.getMessage().startsWith("bad.yaml:" + line + ": "), error.getMessage());
        assertTrue(error.getMessage().contains(message), () -> "expected '" + message + "' in: " + error.getMessage());
        assertEquals(-1, error.getMessage().indexOf('\n'), "one line");
    }

    @Test
    void compressionReadsWordsAndMappingsAndSweeps() throws Exception {
        Experiment e = ExperimentReader.parse("c.yaml", String.join("\n",
                "name: c",
                "peers: 16",
                "compression: [none, float16, int8, int4, blockwise-int8, {codec: int, bits: 3, group: 32}, {codec: blockwise-int8, block: 16}]",
                "protocols: [{type: all-reduce}]",
                ""), null, Protocols.catalogue());
        assertEquals(List.of("compression"), e.sweptKeys());
        List<Object> codecs = e.points().stream().map(p -> (Object) p.scenario().codec()).toList();
        assertEquals(java.util.Arrays.asList(null, new org.moshsim.compress.Float16(), new org.moshsim.compress.GroupQuantizer(8, 128),
                new org.moshsim.compress.GroupQuantizer(4, 128), new org.moshsim.compress.Blockwise8Bit(64),
                new org.moshsim.compress.GroupQuantizer(3, 32), new org.moshsim.compress.Blockwise8Bit(16)), codecs);
        assertEquals("int4", e.points().get(3).coordinates().get("compression"));
        assertEquals(null, ExperimentReader.parse("small.yaml", VALID, null, Protocols.catalogue()).points().get(0).scenario().codec());
        Experiment pointed = ExperimentReader.parse("p.yaml", String.join("\n",
                "name: p",
                "peers: 16",
                "points: [{compression: float16}, {compression: {codec: int, bits: 2}}]",
                "protocols: [{type: all-reduce}]",
                ""), null, Protocols.catalogue());
        assertEquals(new org.moshsim.compress.GroupQuantizer(2, 128), pointed.points().get(1).scenario().codec());
        for (Experiment read : List.of(e, pointed)) {
            Path dir = java.nio.file.Files.createTempDirectory("resolved");
            org.moshsim.metrics.ConfigYaml.write(dir, read.resolved(), "test");
            assertEquals(read.points(), ExperimentReader.read(dir.resolve("config.yaml"), null, Protocols.catalogue()).points());
        }
    }

    /**
     * Gradient exchange: protocols choose what they exchange and may carry their own compression, swept like any protocol
     * key; a parameter server's link defaults to the swarm's mean peer's; such runs measure the aggregates and need the CPU.
     */
    @Test
    void gradientExchangeKeysReadIntoProtocols() throws Exception {
        Experiment e = ExperimentReader.parse("g.yaml", String.join("\n",
                "name: g",
                "peers: 16",
                "training: {model: logistic, dataset: digits, learning-rate: 0.1, step-time: 1s}",
                "swarm: {profiles: [{name: a, share: 0.5, bandwidth: 1Gbit/s, latency: 2ms}, {name: b, share: 0.5, bandwidth: 3Gbit/s}]}",
                "compression: int8",
                "protocols:",
                "  - {type: all-reduce, label: models}",
                "  - {type: all-reduce, exchange: gradients, label: exact, compression: none}",
                "  - {type: all-reduce, exchange: gradients, label: two-step, compression: {all-reduce: two-step, bits: [4, 8]}}",
                "  - {type: moshpit, grid: [4, 4], exchange: gradients, compression: {sparsifier: arc-top-k, ratio: 0.1, feedback: ef21m}}",
                "  - {type: parameter-server}",
                ""), null, Protocols.catalogue());
        List<ProtocolSpec> protocols = e.points().get(0).protocols();
        assertEquals(List.of("models", "exact", "two-step compression.bits=4", "two-step compression.bits=8", "moshpit",
                "parameter-server"), protocols.stream().map(ProtocolSpec::label).toList());
        ProtocolSpec.Trained models = (ProtocolSpec.Trained) protocols.get(0);
        assertEquals(ProtocolSpec.Exchange.MODELS, models.exchange());
        assertEquals(null, models.compression(), "the scenario's int8");
        assertEquals(org.moshsim.compress.Compression.EXACT, ((ProtocolSpec.Trained) protocols.get(1)).compression());
        assertEquals(new org.moshsim.compress.Compression.TwoStep(new org.moshsim.compress.GroupQuantizer(8, 128)),
                ((ProtocolSpec.Trained) protocols.get(3)).compression());
        assertEquals(new org.moshsim.compress.Compression.Sparsified(org.moshsim.compress.Compression.Sparsified.Kind.ARC_TOP_K, 0.1,
                0, 4, org.moshsim.compress.Compression.Feedback.EF21M, 0.1), ((ProtocolSpec.Trained) protocols.get(4)).compression());
        ProtocolSpec.Trained server = (ProtocolSpec.Trained) protocols.get(5);
        assertEquals(new ProtocolSpec.ParameterServer("parameter-server", 0.25e9, 0.001), server.averaging());
        assertTrue(server.exchangesGradients());
        assertEquals(List.of(Measure.LOSS, Measure.ACCURACY, Measure.SPREAD, Measure.UTILISATION, Measure.STEP_TIME,
                Measure.AGGREGATE_BIAS, Measure.AGGREGATE_ERROR), e.measures());
        Path dir = java.nio.file.Files.createTempDirectory("resolved");
        org.moshsim.metrics.ConfigYaml.write(dir, e.resolved(), "test");
        assertEquals(e.points(), ExperimentReader.read(dir.resolve("config.yaml"), null, Protocols.catalogue()).points());
    }

    /**
     * The optimizer reads with apex's and the authors' defaults; a returning peer downloads the model size and as much again
     * per row of state; the resolved config reads back to the same training.
     */
    @Test
    void optimizersReadWithTheirDefaultsAndPriceTheDownload() throws Exception {
        Experiment e = ExperimentReader.parse("o.yaml", String.join("\n",
                "name: o",
                "peers: 16",
                "training: {model: mlp, dataset: digits, learning-rate: 0.01, step-time: 1s, mode: target-batch, target-batch: 64,",
                "           model-size: 72MB}",
                "network: {payload: 10MB}",
                "points:",
                "  - {label: lamb, training: {optimizer: {type: lamb}}}",
                "  - {label: nesterov, training: {optimizer: {type: nesterov, momentum: 0.8}}}",
                "  - {label: sgd}",
                "protocols: [{type: all-reduce}]",
                ""), null, Protocols.catalogue());
        List<TrainingSpec> trainings = e.points().stream().map(p -> p.scenario().training()).toList();
        assertEquals(new org.moshsim.plan.Optimizer.Lamb(0.9, 0.999, 1e-6, 0.01), trainings.get(0).optimizer());
        assertEquals(216e6, trainings.get(0).downloadBytes(10e6), 1);
        assertEquals(new org.moshsim.plan.Optimizer.Momentum(0.8, true), trainings.get(1).optimizer());
        assertEquals(144e6, trainings.get(1).downloadBytes(10e6), 1);
        assertEquals(72e6, trainings.get(2).downloadBytes(10e6), 1);
        assertEquals(10e6, new TrainingSpec(TrainingSpec.Model.LOGISTIC, "digits", 0, 0, 0, 0, 0.2, Double.POSITIVE_INFINITY, 8, 0.1,
                0, 1, 1, 0).downloadBytes(10e6), 0, "without a model size, the payload");
        assertEquals("training mode target-batch", e.cpuOnly());
        Experiment over = ExperimentReader.parse("p.yaml", String.join("\n",
                "name: p",
                "peers: 16",
                "training: {model: mlp, dataset: digits, learning-rate: 0.01, step-time: 1s, mode: target-batch, target-batch: 64,",
                "           optimizer: {type: lamb, beta1: 0.8}}",
                "points:",
                "  - {label: lamb, training: {optimizer: {epsilon: 1e-8}}}",
                "  - {label: sgd, training: {optimizer: {type: sgd}}}",
                "protocols: [{type: all-reduce}]",
                ""), null, Protocols.catalogue());
        assertEquals(new org.moshsim.plan.Optimizer.Lamb(0.8, 0.999, 1e-8, 0.01), over.points().get(0).scenario().training().optimizer(),
                "a point's keys merge into the same type");
        assertEquals(org.moshsim.plan.Optimizer.SGD, over.points().get(1).scenario().training().optimizer(), "another type replaces it");
        Path resolved = java.nio.file.Files.createTempDirectory("resolved");
        org.moshsim.metrics.ConfigYaml.write(resolved, over.resolved(), "test");
        assertEquals(over.points(), ExperimentReader.read(resolved.resolve("config.yaml"), null, Protocols.catalogue()).points());
        Path dir = java.nio.file.Files.createTempDirectory("resolved");
        org.moshsim.metrics.ConfigYaml.write(dir, e.resolved(), "test");
        assertEquals(e.points(), ExperimentReader.read(dir.resolve("config.yaml"), null, Protocols.catalogue()).points());
    }

    /** A point that sets a nested section to a word and another to a mapping gives one readable column, no nulls. */
    @Test
    void nestedOverridesGiveOneReadableColumn() {
        Experiment e = ExperimentReader.parse("n.yaml", String.join("\n",
                "name: n",
                "peers: 16",
                "points:",
                "  - {compression: none}",
                "  - {compression: {codec: int, bits: 4}}",
                "  - {compression: {codec: int, bits: 8}, network: {payload: 1MB}}",
                "protocols: [{type: all-reduce}]",
                ""), null, Protocols.catalogue());
        assertEquals(List.of("compression", "network.payload"), e.sweptKeys());
        assertEquals(List.of("none", "codec: int, bits: 4", "codec: int, bits: 8"),
                e.points().stream().map(p -> p.coordinates().get("compression")).toList());
        assertEquals(List.of("4", "4", "1MB"), e.points().stream().map(p -> p.coordinates().get("network.payload")).toList());
    }

    /** Labelled points: a point column first, the reference named, comparisons paired on every other swept key. */
    @Test
    void labelsReferenceAndComparisons() {
        Experiment e = ExperimentReader.parse("l.yaml", String.join("\n",
                "name: l",
                "peers: [16, 32]",
                "seeds: 2",
                "points:",
                "  - {label: lossless, packet-loss: {rate: 0}}",
                "  - {label: lossy-10, packet-loss: {rate: 0.1}}",
                "protocols: [{type: all-reduce}, {type: push-sum}]",
                "reference: push-sum",
                "compare:",
                "  - {name: loss, baseline: {point: lossless}, candidate: {point: lossy-10}}",
                "  - {name: pair, baseline: {protocol: push-sum, peers: 16}, candidate: {protocol: all-reduce, peers: 32}}",
                ""), null, Protocols.catalogue());
        assertEquals(List.of("point", "packet-loss.rate", "peers"), e.sweptKeys());
        assertEquals(Map.of("point", "lossy-10", "packet-loss.rate", "0.1", "peers", "32"), e.points().get(3).coordinates());
        assertEquals("push-sum", e.reference());
        assertEquals(2, e.minSeeds(), "3, or all seeds when fewer");
        Comparison loss = e.comparisons().get(0);
        assertEquals(4, loss.pairs().size(), "2 peer counts x 2 protocols");
        for (Comparison.Pair pair : loss.pairs()) {
            assertEquals("lossless", pair.baseline().get("point"));
            assertEquals("lossy-10", pair.candidate().get("point"));
            assertEquals(pair.baseline().get("peers"), pair.candidate().get("peers"), "paired on the other swept keys");
            assertEquals(pair.baselineProtocol(), pair.candidateProtocol());
        }
        Comparison pair = e.comparisons().get(1);
        assertEquals(2, pair.pairs().size(), "one per point label: the label stands for its keys");
        assertEquals("push-sum", pair.pairs().get(0).baselineProtocol());
        assertEquals("32", pair.pairs().get(0).candidate().get("peers"));
        assertEquals("16", pair.pairs().get(0).baseline().get("peers"));
        assertEquals(5, ExperimentReader.parse("m.yaml", "name: m\npeers: 16\nseeds: 10\nmin-seeds: 5\nprotocols: [{type: all-reduce}]\n",
                null, Protocols.catalogue()).minSeeds());
    }

    /** A list of candidate points pairs each with the baseline, in the list's order. */
    @Test
    void aListOfCandidatesPairsEachWithTheBaseline() {
        Experiment e = ExperimentReader.parse("c.yaml", String.join("\n",
                "name: c",
                "peers: 16",
                "points:",
                "  - {label: slow, packet-loss: {rate: 0.1}}",
                "  - {label: base, packet-loss: {rate: 0}}",
                "  - {label: fast, packet-loss: {rate: 0.01}}",
                "protocols: [{type: all-reduce}]",
                "compare:",
                "  - {name: rates, baseline: {point: base}, candidate: {point: [fast, slow]}}",
                ""), null, Protocols.catalogue());
        List<Comparison.Pair> pairs = e.comparisons().get(0).pairs();
        assertEquals(List.of("fast", "slow"), pairs.stream().map(p -> p.candidate().get("point")).toList());
        assertTrue(pairs.stream().allMatch(p -> p.baseline().get("point").equals("base")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown reference       | reference: gossip                                                                      | 7 | reference: 'gossip' names no protocol; expected one of: all-reduce, push-sum
            unswept selector key    | compare: [{name: c, baseline: {peers: 16}, candidate: {peers: 32}}]                     | 7 | compare[0].baseline: 'peers' is not swept; expected protocol or one of: point, packet-loss.rate
            protocol on one side    | compare: [{name: c, baseline: {protocol: push-sum}, candidate: {point: b}}]             | 7 | compare[0].candidate: no protocol, while the other side names one
            selects nothing         | compare: [{name: c, baseline: {point: a}, candidate: {point: z}}]                       | 7 | compare[0].candidate: selects no point of the sweep
            the same cells          | compare: [{name: c, baseline: {point: a}, candidate: {packet-loss.rate: 0}}]            | 7 | compare[0].candidate: selects the same cells as the baseline
            two names               | compare: [{name: c, baseline: {point: a}, candidate: {point: b}}, {name: c, baseline: {point: a}, candidate: {point: b}}] | 7 | compare[1].name: 'c' names two comparisons
            missing side            | compare: [{name: c, baseline: {point: a}}]                                              | 7 | compare[0].candidate: missing
            list as a baseline      | compare: [{name: c, baseline: {point: [a, b]}, candidate: {point: b}}]                  | 7 | compare[0].baseline.point: a list is not allowed; expected one value
            empty candidate list    | compare: [{name: c, baseline: {point: a}, candidate: {point: []}}]                      | 7 | compare[0].candidate.point: an empty list selects nothing
            duplicate label         | compare: []                                                                              | 5 | points[1].label: 'a' names two points
            """)
    void rejectsBadReferencesLabelsAndComparisons(String kind, String line, int at, String message) {
        String yaml = String.join("\n",
                "name: x",
                "peers: 16",
                "points:",
                kind.equals("duplicate label") ? "  - {label: a, packet-loss: {rate: 0}}\n  - {label: a, packet-loss: {rate: 0.1}}"
                        : "  - {label: a, packet-loss: {rate: 0}}\n  - {label: b, packet-loss: {rate: 0.1}}",
                "protocols: [{type: all-reduce}, {type: push-sum}]",
                line,
                "");
        ConfigError error = assertThrows(ConfigError.class, () -> ExperimentReader.parse("bad.yaml", yaml, null, Protocols.catalogue()));
        assertTrue(error.getMessage().startsWith("bad.yaml:" + at + ": "), error.getMessage());
        assertTrue(error.getMessage().contains(message), () -> "expected '" + message + "' in: " + error.getMessage());
    }

    @Test
    void packetLossReadsRatesAggregationsAndBursts() {
        Experiment e = ExperimentReader.parse("l.yaml", String.join("\n",
                "name: l",
                "peers: 16",
                "packet-loss: {rate: [0, 0.01, 0.1], packet: 1KiB, aggregation: [zero-fill, retransmission]}",
                "protocols: [{type: all-reduce}]",
                ""), null, Protocols.catalogue());
        assertEquals(List.of("packet-loss.rate", "packet-loss.aggregation"), e.sweptKeys());
        assertEquals(6, e.points().size());
        org.moshsim.lossy.LossyLinks last = e.points().get(5).scenario().packetLoss();
        assertEquals(new org.moshsim.lossy.LossyLinks(new org.moshsim.lossy.BernoulliLoss(0.1), 1024,
                new org.moshsim.lossy.LossyAggregation.Retransmission()), last);
        assertEquals(List.of(Measure.MSE, Measure.SPREAD), e.measures(), "averaging under loss measures the drift");
        Experiment defaults = ExperimentReader.parse("d.yaml", "name: d\npeers: 16\npacket-loss:\n  rate: 0.05\n  burst-length: 4\n"
                + "protocols: [{type: push-sum}]\n", null, Protocols.catalogue());
        org.moshsim.lossy.LossyLinks links = defaults.points().get(0).scenario().packetLoss();
        assertEquals(1400, links.packetBytes());
        assertEquals(new org.moshsim.lossy.LossyAggregation.ReceivedOnly(), links.aggregation());
        org.moshsim.lossy.GilbertElliottLoss bursts = (org.moshsim.lossy.GilbertElliottLoss) links.loss();
        assertEquals(0.05, bursts.lossRate(), 1e-12);
        assertEquals(0.25, bursts.badToGood(), 0, "bad spells of 4 packets on average");
        Experiment none = ExperimentReader.parse("small.yaml", VALID, null, Protocols.catalogue());
        assertEquals(null, none.points().get(0).scenario().packetLoss());
        assertEquals(List.of(Measure.MSE), none.measures());
    }

    @Test
    void unitsAndDistributionsReadIntoBaseUnits() {
        Experiment e = ExperimentReader.parse("t.yaml", String.join("\n",
                "name: t",
                "peers: 64",
                "compute: 250ms",
                "swarm:",
                "  bandwidth: 1Gbit/s",
                "  latency: {distribution: uniform, low: 1ms, high: 6ms}",
                "  profiles:",
                "    - {name: dc, share: 0.25}",
                "    - {name: home, share: 0.75, bandwidth: 100Mbit/s, speed: 0.5}",
                "network: {payload: 100MB, delay: {distribution: exponential, mean: 100ms}, matchmaking: 0.5s, timeout: 1min}",
                "availability: {model: churn, session: {distribution: weibull, shape: 0.7, scale: 2h}, downtime: 10min}",
                "timing: {horizon: [60s, 2min]}",
                "protocols: [{type: moshpit, grid: auto, variant: keys, mode: async}]",
                ""), null, Protocols.catalogue());
        assertEquals(List.of("timing.horizon"), e.sweptKeys());
        assertEquals(List.of("rounds", "time", "speedup"), e.figures(), "a modelled network draws time and speedup figures");
        Scenario s = e.points().get(1).scenario();
        assertEquals(0.25, s.compute());
        assertEquals(new Dist.Uniform(0.001, 0.006), s.swarm().profiles().get(0).latency());
        assertEquals(new Dist.Constant(1.25e8), s.swarm().profiles().get(0).upload());
        assertEquals(new Dist.Constant(1.25e7), s.swarm().profiles().get(1).download());
        assertEquals(new Dist.Constant(0.5), s.swarm().profiles().get(1).speed());
        assertEquals(new NetworkSpec(1e8, new Dist.Exponential(0.1), 0.5, 60), s.network());
        assertEquals(new AvailabilitySpec.Churn(new Dist.Weibull(0.7, 7200), new Dist.Constant(600), false), s.availability());
        assertEquals(new TimingSpec(120, 0.12), s.timing());
        assertEquals(List.of(8, 8), ((ProtocolSpec.Moshpit) e.points().get(0).protocols().get(0)).grid(), "auto: 64 peers in groups of 32");
        assertEquals(true, e.points().get(0).protocols().get(0).async());
    }

    @Test
    void tracesAreReadMergedAndRenumbered(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.csv");
        java.nio.file.Files.writeString(trace, "client,start,end\n7,0,10\n7,5,20\n3,100,200\n7,30,40\n");
        Experiment e = ExperimentReader.parse("t.yaml", "name: t\npeers: 4\navailability: {model: trace, file: " + trace
                + "}\nprotocols: [{type: all-reduce}]\n", null, Protocols.catalogue());
        AvailabilitySpec.Trace spec = (AvailabilitySpec.Trace) e.points().get(0).scenario().availability();
        assertEquals(2, spec.intervals().size());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {100, 200}, spec.intervals().get(0), "peer 3 comes first");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 20, 30, 40}, spec.intervals().get(1), "overlaps merge");
        java.nio.file.Files.writeString(trace, "1,5,3\n");
        ConfigError error = assertThrows(ConfigError.class, () -> ExperimentReader.parse("t.yaml", "name: t\npeers: 4\navailability: "
                + "{model: trace, file: " + trace + "}\nprotocols: [{type: all-reduce}]\n", null, Protocols.catalogue()));
        assertTrue(error.getMessage().endsWith("trace.csv:1: the interval [5.0, 3.0) is not allowed; expected 0 <= start < end"),
                error.getMessage());
    }

    @Test
    void aTracePathIsRelativeToTheConfigsFolder(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path folder = java.nio.file.Files.createDirectories(dir.resolve("configs"));
        java.nio.file.Files.writeString(folder.resolve("trace.csv"), "0,0,10\n1,5,20\n");
        String config = "name: t\npeers: 4\navailability: {model: trace, file: trace.csv}\nprotocols: [{type: all-reduce}]\n";
        java.nio.file.Files.writeString(folder.resolve("t.yaml"), config);
        Experiment e = ExperimentReader.read(folder.resolve("t.yaml"), null, Protocols.catalogue());
        AvailabilitySpec.Trace spec = (AvailabilitySpec.Trace) e.points().get(0).scenario().availability();
        assertEquals(folder.resolve("trace.csv").toAbsolutePath().normalize().toString(), spec.file());
        assertEquals(spec.file(), ((Map<?, ?>) e.resolved().get("availability")).get("file"), "config.yaml names the file it read");
        // The current folder is not where it is looked for: the same config read from elsewhere finds no trace.
        ConfigError error = assertThrows(ConfigError.class, () -> ExperimentReader.parse(dir.resolve("t.yaml").toString(), config, null,
                Protocols.catalogue()));
        assertTrue(error.getMessage().contains("no such trace file 'trace.csv'") && error.getMessage().contains("relative to the "
                + "config file's folder"), error.getMessage());
    }

    @Test
    void backgroundAveragingAppliesAsEachMethodsReferenceCodeUnlessTheConfigSaysOtherwise() {
        String config = String.join("\n", "name: t", "peers: 16", "training: {model: logistic, dataset: digits, learning-rate: 0.1, "
                + "step-time: 1s}", "timing: {horizon: 60s}", "%s", "protocols:", "  - {type: moshpit, grid: [4, 4], overlap: true}",
                "  - {type: push-sum, overlap: true}", "  - {type: push-sum, label: sync-sgp}", "  - {type: ad-psgd}", "");
        List<ProtocolSpec> defaults = ExperimentReader.parse("t.yaml", config.formatted(""), null, Protocols.catalogue()).points()
                .get(0).protocols();
        assertEquals(List.of(org.moshsim.plan.Apply.SNAPSHOT_OVERWRITE, org.moshsim.plan.Apply.SNAPSHOT_DELTA,
                org.moshsim.plan.Apply.SNAPSHOT_DELTA, org.moshsim.plan.Apply.CURRENT), defaults.stream()
                .map(p -> ((ProtocolSpec.Trained) p).apply()).toList());
        // Only overlapped exchanges can meet a row that moved: those need snapshots, and so the CPU backend.
        assertEquals(List.of(true, true, false, false), defaults.stream().map(p -> ((ProtocolSpec.Trained) p).averagesSnapshots())
                .toList());
        Experiment current = ExperimentReader.parse("t.yaml", config.formatted("averaging: {apply: current}"), null,
                Protocols.catalogue());
        assertTrue(current.points().get(0).protocols().stream().allMatch(p -> !((ProtocolSpec.Trained) p).averagesSnapshots()));
        assertEquals(null, current.cpuOnly());
        assertEquals("protocol 'moshpit' averages in the background from snapshots (averaging.apply: snapshot-overwrite)",
                ExperimentReader.parse("t.yaml", config.formatted(""), null, Protocols.catalogue()).cpuOnly());
        Experiment swept = ExperimentReader.parse("t.yaml", config.formatted("averaging: {apply: [current, snapshot-delta, reference]}"),
                null, Protocols.catalogue());
        assertEquals(List.of("averaging.apply"), swept.sweptKeys());
        assertEquals(org.moshsim.plan.Apply.SNAPSHOT_DELTA, ((ProtocolSpec.Trained) swept.points().get(1).protocols().get(0)).apply());
        assertEquals(org.moshsim.plan.Apply.SNAPSHOT_OVERWRITE, ((ProtocolSpec.Trained) swept.points().get(2).protocols().get(0))
                .apply());
    }

    @Test
    void aMissingFileIsBadInput() {
        org.moshsim.BadInput error = assertThrows(org.moshsim.BadInput.class,
                () -> ExperimentReader.read(Path.of("no/such.yaml"), null, Protocols.catalogue()));
        assertEquals("no/such.yaml: no such file", error.getMessage());
    }
}
