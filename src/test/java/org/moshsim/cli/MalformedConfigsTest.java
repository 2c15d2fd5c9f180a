package org.moshsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of malformed configs, generated from every shipped experiment config by mutating each of its values:
 * deleting the key, misspelling it, giving it another type, YAML's special numbers, values out of any range, and
 * sweeps too large to run. Each case runs {@code moshsim validate} in this JVM: it must answer with exit 0 (a
 * mutation that is still a valid config) or exit 2 with exactly one line and no stack trace; never exit 1, never
 * hang. Misspelled keys and oversized sweeps must be exit 2.
 */
class MalformedConfigsTest {
    private static final String HOLE = "@@mutated@@";
    /** Raw YAML put where a value was. */
    private static final List<String> VALUES = List.of(".nan", ".inf", "-.inf", "0x40", "1_000", "1e3", "99999999999999999999",
            "-1", "0", "1e300", "true", "~", "[]", "abc", "{x: 1}", "[[1, 2], [3]]");
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());

    private record Case(String name, String text, boolean mustFail) {
    }

    @Test
    void everyMalformedConfigIsOneLineAndExitTwo(@TempDir Path tmp) throws IOException {
        List<Case> corpus = new ArrayList<>();
        List<Path> shipped;
        try (Stream<Path> files = Files.walk(Path.of("experiments"))) {
            shipped = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path file : shipped) {
            JsonNode tree = YAML.readTree(file.toFile());
            corpus.addAll(mutations(file.toString(), tree));
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        Path out = tmp.resolve("out");
        for (Case c : corpus) {
            Path config = tmp.resolve("case.yaml");
            Files.writeString(config, c.text());
            Cli result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run("validate", config.toString(), "--out",
                    out.toString()), c.name());
            String err = result.err();
            assertFalse(err.contains("\tat ") || err.contains("Exception") || err.contains("internal error"), c.name() + ": " + err);
            if (result.status() == 2) {
                assertEquals(1, err.lines().count(), c.name() + ": " + err);
                assertTrue(err.startsWith("moshsim: "), c.name() + ": " + err);
            } else {
                assertEquals(0, result.status(), c.name() + ": " + err);
                assertFalse(c.mustFail(), c.name() + " was accepted:\n" + c.text());
            }
            outcomes.merge("exit " + result.status(), 1, Integer::sum);
        }
        assertFalse(Files.exists(out), "validate writes nothing");
        System.out.println("malformed configs: " + corpus.size() + " cases from " + shipped.size() + " configs: " + outcomes);
        assertTrue(corpus.size() > 1000, "corpus of " + corpus.size());
    }

    /** Every mutation of one config. */
    private static List<Case> mutations(String file, JsonNode tree) throws IOException {
        List<Case> cases = new ArrayList<>();
        List<List<Object>> leaves = new ArrayList<>();
        leaves(tree, new ArrayList<>(), leaves);
        for (List<Object> path : leaves) {
            String where = file + " " + path.stream().map(String::valueOf).collect(Collectors.joining("."));
            if (path.get(path.size() - 1) instanceof String) {
                cases.add(new Case(where + " deleted", text(edit(tree, path, (parent, key) -> ((ObjectNode) parent).remove((String) key))),
                        false));
                cases.add(new Case(where + " misspelled", text(edit(tree, path, (parent, key) -> {
                    JsonNode value = ((ObjectNode) parent).remove((String) key);
                    ((ObjectNode) parent).set(key + "x", value);
                })), true));
            }
            for (String value : VALUES) {
                cases.add(new Case(where + " = " + value, text(edit(tree, path, (parent, key) -> set(parent, key, HOLE)))
                        .replace("'" + HOLE + "'", value).replace("\"" + HOLE + "\"", value).replace(HOLE, value), false));
            }
        }
        // Sweeps too large to run, refused before they are expanded: a list of 100,000 values, and three of 1,000.
        List<List<Object>> numeric = leaves.stream().filter(p -> at(tree, p).isIntegralNumber() && at(tree, p).asLong() > 1
                && !p.equals(List.of("seeds"))).toList();
        String longList = IntStream.rangeClosed(2, 100_001).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
        String thousand = IntStream.rangeClosed(2, 1001).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
        if (!numeric.isEmpty()) {
            List<Object> first = numeric.get(0);
            ObjectNode swept = (ObjectNode) edit(tree, first, (parent, key) -> set(parent, key, HOLE));
            swept.put("seeds", 100);
            cases.add(new Case(file + " " + first + " swept over 100,000 values, 100 seeds", text(swept)
                    .replace("'" + HOLE + "'", longList).replace(HOLE, longList), true));
            ObjectNode wide = tree.deepCopy();
            wide.put("peers", HOLE + "p");
            wide.put("rounds", HOLE + "r");
            wide.put("seeds", 1000);
            cases.add(new Case(file + " peers x rounds x seeds of 1000 each", text(wide).replace("'" + HOLE + "p'", thousand)
                    .replace(HOLE + "p", thousand).replace("'" + HOLE + "r'", thousand).replace(HOLE + "r", thousand), true));
        }
        return cases;
    }

    private static void leaves(JsonNode node, List<Object> path, List<List<Object>> into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                List<Object> child = new ArrayList<>(path);
                child.add(entry.getKey());
                if (entry.getValue().isValueNode()) {
                    into.add(child);
                }
                leaves(entry.getValue(), child, into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> child = new ArrayList<>(path);
                child.add(i);
                if (node.get(i).isValueNode()) {
                    into.add(child);
                }
                leaves(node.get(i), child, into);
            }
        }
    }

    private interface Edit {
        void apply(JsonNode parent, Object key);
    }

    private static JsonNode edit(JsonNode tree, List<Object> path, Edit edit) {
        JsonNode copy = tree.deepCopy();
        edit.apply(at(copy, path.subList(0, path.size() - 1)), path.get(path.size() - 1));
        return copy;
    }

    private static JsonNode at(JsonNode tree, List<Object> path) {
        JsonNode node = tree;
        for (Object step : path) {
            node = step instanceof Integer i ? node.get(i) : node.get((String) step);
        }
        return node;
    }

    private static void set(JsonNode parent, Object key, String value) {
        if (parent instanceof ObjectNode object) {
            object.put((String) key, value);
        } else {
            ((ArrayNode) parent).set((Integer) key, YAML.getNodeFactory().textNode(value));
        }
    }

    private static String text(JsonNode tree) throws IOException {
        return YAML.writeValueAsString(tree);
    }
}
