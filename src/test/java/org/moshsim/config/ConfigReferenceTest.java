package org.moshsim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.moshsim.protocol.Protocols;

/**
 * The committed reference and schema are what the key definitions generate, every shipped config passes the schema
 * (as an editor's validator would check it), and malformed configs do not.
 */
public class ConfigReferenceTest {
    private static final String REGENERATE = "; regenerate it with: ./moshsim reference --out docs";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theCommittedReferenceIsWhatTheCodeGenerates() throws IOException {
        String committed = Files.readString(Path.of("docs/config-reference.md"));
        assertTrue(committed.equals(ConfigReference.markdown(Protocols.catalogue())), "docs/config-reference.md differs from what "
                + "the key definitions generate" + REGENERATE);
    }

    @Test
    void theCommittedSchemaIsWhatTheCodeGenerates() throws IOException {
        String committed = Files.readString(Path.of("docs/moshsim.schema.json"));
        assertTrue(committed.equals(ConfigSchema.json(Protocols.catalogue())), "docs/moshsim.schema.json differs from what the "
                + "key definitions generate" + REGENERATE);
    }

    @Test
    void theReferenceListsEveryProtocolTypeAndItsKeys() {
        String reference = ConfigReference.markdown(Protocols.catalogue());
        for (ProtocolDefinition type : Protocols.catalogue().types()) {
            assertTrue(reference.contains("### type: " + type.name()), type.name());
            type.keys().forEach(key -> assertTrue(reference.contains("| `" + key.name() + "` |"), type.name() + "." + key.name()));
        }
    }

    @Test
    void everyShippedConfigPassesTheSchema() throws IOException {
        Schema schema = schema();
        List<Path> configs;
        // The example under examples/ names a plug-in's type: ExampleProtocolTest checks it against the schema with the plug-in.
        try (Stream<Path> files = Files.walk(Path.of("experiments"))) {
            configs = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(configs.size() > 20, "configs found: " + configs);
        for (Path config : configs) {
            List<Error> errors = schema.validate(YAML.readTree(config.toFile()));
            assertEquals(List.of(), errors.stream().map(Error::toString).toList(), config.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an unknown key             | name: x\\npeers: 16\\nrunds: 5\\nprotocols: [{type: all-reduce}]
            peers as a word            | name: x\\npeers: many\\nprotocols: [{type: all-reduce}]
            one peer                   | name: x\\npeers: 1\\nprotocols: [{type: all-reduce}]
            a probability above one    | name: x\\npeers: 16\\nfailures: {model: bernoulli, p: 1.5}\\nprotocols: [{type: all-reduce}]
            a bandwidth without unit   | name: x\\npeers: 16\\nswarm: {bandwidth: 100}\\nprotocols: [{type: all-reduce}]
            a bad unit                 | name: x\\npeers: 16\\nnetwork: {timeout: 5 parsecs}\\nprotocols: [{type: all-reduce}]
            an unknown protocol type   | name: x\\npeers: 16\\nprotocols: [{type: telepathy}]
            a key of another type      | name: x\\npeers: 16\\nprotocols: [{type: gossip, group-size: 8}]
            a grid of one side         | name: x\\npeers: 16\\nprotocols: [{type: moshpit, grid: [1, 16]}]
            no protocols               | name: x\\npeers: 16\\nprotocols: []
            an unknown codec           | name: x\\npeers: 16\\ncompression: int9\\nprotocols: [{type: all-reduce}]
            a distribution misspelt    | name: x\\npeers: 16\\nnetwork: {delay: {distribution: gaussian, mean: 1s}}\\nprotocols: [{type: all-reduce}]
            no name                    | peers: 16\\nprotocols: [{type: all-reduce}]
            """)
    void malformedConfigsFailTheSchema(String what, String yaml) throws IOException {
        String text = yaml.replace("\\n", "\n");
        assertFalse(schema().validate(YAML.readTree(text)).isEmpty(), what + " passed the schema:\n" + text);
        // The reader refuses them too: the schema only says earlier, in the editor, what the reader would.
        org.junit.jupiter.api.Assertions.assertThrows(ConfigError.class, () -> ExperimentReader.parse("x.yaml", text, null,
                Protocols.catalogue()), what);
    }

    @Test
    void aSweepAndAProtocolSweepPassTheSchema() throws IOException {
        String text = "name: x\npeers: [8, 16]\nfailures: {model: bernoulli, p: [0, 0.01]}\nswarm: {latency: {distribution: uniform, "
                + "low: 1ms, high: 6ms}}\nprotocols: [{type: random-groups, group-size: [4, 8]}, {type: moshpit, grid: [[4, 4], "
                + "[2, 2, 4]]}]\n";
        assertEquals(List.of(), schema().validate(YAML.readTree(text)).stream().map(Error::toString).toList());
        ExperimentReader.parse("x.yaml", text, null, Protocols.catalogue());
    }

    private static Schema schema() throws IOException {
        return schema(Files.readString(Path.of("docs/moshsim.schema.json")));
    }

    /** A JSON Schema (draft 2020-12) read from its text. */
    public static Schema schema(String json) throws IOException {
        JsonNode node = new ObjectMapper().readTree(json);
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(node);
    }

    /** A YAML config as the JSON tree a schema validator checks. */
    public static JsonNode tree(Path config) throws IOException {
        return YAML.readTree(config.toFile());
    }
}
