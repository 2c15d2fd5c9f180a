package org.moshsim.config;

import java.util.List;
import org.moshsim.compress.Compression;
import org.moshsim.plan.Apply;

/**
 * Reads one protocol entry, checked against the scenario of its point: its {@code type} and {@code label}, the type's
 * own parameters (read by the type's {@link ProtocolDefinition}, found in the {@link ProtocolCatalogue}), and for peers
 * that train the keys every protocol takes: local steps, overlap, what is exchanged and its compression.
 */
final class ProtocolReader {
    private static final List<String> EXCHANGES = List.of("models", "gradients");
    private static final String TRAINING = "with a training section";
    static final Key<String> LABEL = Key.text("label", Section.NON_BLANK, "a label without leading or trailing blanks",
            "the protocol's name in outputs (labels must differ)").computed("the type");
    static final Key<Integer> LOCAL_STEPS = Key.integer("local-steps", 1, "SGD steps (or accumulated batches) between exchanges")
            .computed("training.local-steps").when(TRAINING);
    static final Key<String> OVERLAP = Key.choice("overlap", List.of("true", "false"), "peers keep computing while their "
            + "averaging runs (SGP's overlap; Moshpit averaging in the background)").orElse("false").when(TRAINING);
    static final Key<String> EXCHANGE = Key.choice("exchange", EXCHANGES, "what the groups exchange: models (averaged after "
            + "local steps) or gradients (aggregated and applied: synchronous data-parallel SGD)")
            .computed("models (gradients for parameter-server or training mode: target-batch)").when(TRAINING);
    static final Key<Void> COMPRESSION = Key.mapping("compression", CompressionReader.KEY.type(), CompressionReader.KEY.allowed(),
            CompressionReader.KEY.schema(), CompressionReader.KEY.forms(), "this protocol's own compression, overriding the "
                    + "scenario's").computed("the scenario's").when(TRAINING);

    /** The apply modes by name, in {@link Apply}'s order, after the word for each method's own. */
    private static final List<String> APPLY_WORDS = List.of("reference", "current", "snapshot-overwrite", "snapshot-delta");
    private static final Key<String> APPLY = Key.choice("apply", APPLY_WORDS, "reference: as each method's reference code "
            + "does (snapshot-overwrite for group protocols, the Moshpit authors' averager; snapshot-delta for push-sum and "
            + "gossip, SGP's overlap; current for AD-PSGD); current: mix the rows as they are when the exchange completes; "
            + "snapshot-overwrite: average the rows as they were when it started and overwrite the members' rows (steps taken "
            + "meanwhile are lost); snapshot-delta: add (average - snapshot) to the current rows (steps kept)").orElse("reference");
    static final KeySet AVERAGING = new KeySet("averaging", "averaging", "What background (overlapped) averaging does with the "
            + "steps a peer takes while its exchange runs; it matters for protocols with overlap: true (AD-PSGD always averages "
            + "its pair's current models).", List.of(APPLY));
    static final Key<Void> AVERAGING_KEY = Key.section("averaging", AVERAGING, "how background averaging applies its result")
            .computed("apply: reference").when(TRAINING);

    private ProtocolReader() {
    }

    /** The keys of every entry, whatever its type: {@code type} (one of the catalogue's), label and the training keys. */
    static List<Key<?>> common(Key<String> type) {
        return List.of(type, LABEL, LOCAL_STEPS, OVERLAP, EXCHANGE, COMPRESSION);
    }

    /** An entry of the config's protocols list, to read with {@link #read}. */
    static Section entry(Sweep sweep, int index, Node node, ProtocolCatalogue catalogue) {
        return new Section(sweep, "protocols[" + index + "]", node, catalogue.entries());
    }

    /** Reads a protocol entry of the point read from {@code top} (whose lines errors about scenario keys name). */
    static ProtocolSpec read(Section entry, Scenario scenario, Section top, String labelSuffix, ProtocolCatalogue catalogue) {
        String type = entry.get(catalogue.typeKey());
        String label = entry.get(LABEL, type) + labelSuffix;
        ProtocolSpec averaging = catalogue.type(type).read(new ProtocolEntry(entry, scenario, label, top.lineOf("peers")));
        if (scenario.training() == null) {
            if (top.has(AVERAGING_KEY)) {
                throw top.error(AVERAGING_KEY, "only peers that train take steps during an averaging; add a training section "
                        + "or remove averaging");
            }
            for (String key : List.of("exchange", "compression")) {
                if (entry.has(key)) {
                    throw entry.error(key, "only peers that train exchange " + (key.equals("exchange") ? "gradients" : "with a "
                            + "compression of their own") + "; add a training section, or set compression at the top for averaging");
                }
            }
            checkModelCompression(scenario.compression(), top, averaging, scenario);
            return averaging;
        }
        if (averaging.async() && scenario.training().dropsCompute()) {
            throw entry.error("type", "DropCompute (training: drop-compute) cuts synchronous steps short for stragglers; an "
                    + "asynchronous protocol never waits for them: use a synchronous protocol or remove drop-compute");
        }
        boolean target = scenario.training().targetsBatch();
        if (target && entry.has(LOCAL_STEPS)) {
            throw entry.error(LOCAL_STEPS, "training mode: target-batch takes as many steps as the swarm needs to reach "
                    + "target-batch; remove local-steps");
        }
        // Not read under a target batch, so that the resolved config reads back.
        int localSteps = target ? 1 : entry.get(LOCAL_STEPS, String.valueOf(scenario.training().localSteps()));
        boolean overlap = entry.get(OVERLAP).equals("true");
        boolean server = averaging.exchangesGradients();
        ProtocolSpec.Exchange exchange = entry.get(EXCHANGE, server || target ? "gradients" : "models")
                .equals("gradients") ? ProtocolSpec.Exchange.GRADIENTS : ProtocolSpec.Exchange.MODELS;
        if (target && exchange == ProtocolSpec.Exchange.MODELS) {
            throw entry.error("exchange", "training mode: target-batch aggregates the accumulated gradients once per global "
                    + "step; remove exchange: models (or use mode: local-steps)");
        }
        Compression own = entry.has(COMPRESSION) ? CompressionReader.read(entry) : null;
        entry.permit(COMPRESSION);
        Compression compression = own != null ? own : scenario.compression();
        Section owner = own != null ? entry : top;
        if (exchange == ProtocolSpec.Exchange.MODELS) {
            if (server) {
                throw entry.error("exchange", "a parameter server aggregates gradients; remove exchange: models");
            }
            checkModelCompression(compression, owner, averaging, scenario);
        } else {
            checkGradientExchange(entry, averaging, overlap, compression, owner, scenario, top);
        }
        return new ProtocolSpec.Trained(averaging, localSteps, overlap, exchange, own, apply(top, averaging));
    }

    /** The config's averaging.apply, else the reference mode of the protocol's method. */
    private static Apply apply(Section top, ProtocolSpec averaging) {
        Apply configured = configuredApply(top);
        return configured != null ? configured : ProtocolSpec.Trained.reference(averaging);
    }

    /** The mode that the point read from {@code top} sets in averaging.apply, or null for each method's reference. */
    static Apply configuredApply(Section top) {
        if (!top.has(AVERAGING_KEY)) {
            return null;
        }
        Section section = top.section(AVERAGING_KEY);
        int word = APPLY_WORDS.indexOf(section.get(APPLY));
        Apply configured = word == 0 ? null : Apply.values()[word - 1];
        section.finish();
        return configured;
    }

    /**
     * Model averaging takes a codec, or in synchronous groups over lossless links a compressed all-reduce (a mean is an
     * all-reduce); never a sparsifier, which needs a common reference that averaged models lack.
     */
    private static void checkModelCompression(Compression compression, Section owner, ProtocolSpec averaging, Scenario scenario) {
        if (compression.codec() != null || compression == Compression.EXACT) {
            return;
        }
        String what = CompressionReader.describe(compression);
        if (compression instanceof Compression.Sparsified) {
            throw owner.error("compression", what + " applies to gradient exchange only (averaged models have no common "
                    + "reference to sparsify against); " + averaging.label() + " exchanges models: set exchange: gradients on "
                    + "it (training runs), or use a codec such as float16 or int8");
        }
        if (averaging.async() || !averaging.formsGroups() || averaging instanceof ProtocolSpec.Pairwise) {
            throw owner.error("compression", what + " is an all-reduce of a group; " + averaging.label() + " does not average "
                    + "in synchronous groups: use it with all-reduce, moshpit or random-groups (mode: sync), or use a codec");
        }
        if (scenario.packetLoss() != null) {
            throw owner.error("compression", what + " averaging models is modelled over lossless links; remove packet-loss, "
                    + "or use a codec");
        }
    }

    /** What gradient exchange needs: a synchronous group protocol, no overlap, and compressions its links can carry. */
    private static void checkGradientExchange(Section entry, ProtocolSpec averaging, boolean overlap, Compression compression,
                                              Section owner, Scenario scenario, Section top) {
        if (averaging.async()) {
            throw entry.error("exchange", "gradient exchange runs in synchronous rounds; use mode: sync or exchange: models");
        }
        if (!(averaging.formsGroups() || averaging.exchangesGradients())) {
            throw entry.error("exchange", "gradients are exchanged in groups: all-reduce, moshpit, random-groups or "
                    + "parameter-server; " + averaging.label() + " mixes models (exchange: models)");
        }
        if (overlap) {
            throw entry.error("overlap", "a peer's next gradient needs the step its exchange brings; overlap: true works with "
                    + "exchange: models only");
        }
        if (averaging.exchangesGradients() && !compression.standsAlone()) {
            throw owner.error("compression", CompressionReader.describe(compression) + " is a collective among the peers; a "
                    + "parameter server takes none, a codec, top-k or rand-k");
        }
        if (scenario.packetLoss() != null && !scenario.packetLoss().retransmits() && compression.codec() == null
                && compression != Compression.EXACT) {
            throw top.error("packet-loss", "lossy aggregation (zero-fill, received-only) is modelled for exact or codec-compressed "
                    + "gradients, not " + CompressionReader.describe(compression) + " (" + averaging.label() + "); use "
                    + "aggregation: retransmission or a codec");
        }
    }
}
