package org.moshsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moshsim.config.ConfigReferenceTest;

/**
 * The worked example of a protocol plug-in, built as a user would: its one source file compiled against moshsim into a
 * jar with its services file, then named in a config and run with {@code --with}. It must behave as the protocol says:
 * without failures it is ring gossip, bit for bit; with failures it skips the failed peers and mixes faster.
 */
class ExampleProtocolTest {
    private static final Path EXAMPLE = Path.of("examples/nearest-live-gossip");
    private static final Path CONFIG = EXAMPLE.resolve("example.yaml");
    @TempDir
    static Path tmp;
    private static Path jar;

    @BeforeAll
    static void buildThePlugin() throws IOException {
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "-Xlint:all", "-Werror", EXAMPLE.resolve("src/NearestLiveGossip.java").toString());
        assertEquals(0, status, "the example compiles without warnings against moshsim's public API");
        jar = tmp.resolve("nearest-live-gossip.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            add(out, "META-INF/services/org.moshsim.protocol.ProtocolType", EXAMPLE.resolve("src/META-INF/services/"
                    + "org.moshsim.protocol.ProtocolType"));
            try (var files = Files.walk(classes)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    add(out, classes.relativize(file).toString().replace('\\', '/'), file);
                }
            }
        }
    }

    private static void add(JarOutputStream out, String name, Path file) throws IOException {
        out.putNextEntry(new JarEntry(name));
        Files.copy(file, (OutputStream) out);
        out.closeEntry();
    }

    @Test
    void runsAsRingGossipWithoutFailuresAndMixesFasterWithThem() throws IOException {
        Path out = tmp.resolve("out");
        Cli run = Cli.run("run", CONFIG.toString(), "--with", jar.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, run.status(), run.err());
        Map<String, String> ring = new HashMap<>();
        Map<String, String> nearest = new HashMap<>();
        try (var reader = Files.newBufferedReader(out.resolve("metrics.csv"))) {
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                String cell = row.get("failures.p") + "/" + row.get("seed") + "/" + row.get("round");
                (row.get("protocol").equals("gossip") ? ring : nearest).put(cell, row.get("mse"));
            }
        }
        assertEquals(3 * 2 * 201, nearest.size(), "3 seeds, 2 failure rates, rounds 0..200");
        ring.forEach((cell, mse) -> {
            if (cell.startsWith("0/")) {
                assertEquals(mse, nearest.get(cell), "without failures, the same plans as ring gossip: " + cell);
            }
        });
        // With a fifth of the peers failing each round, ring gossip loses the neighbours that failed; this keeps its k a side.
        for (int seed = 0; seed < 3; seed++) {
            for (int round : List.of(10, 20, 50)) {
                String cell = "0.2/" + seed + "/" + round;
                assertTrue(Double.parseDouble(nearest.get(cell)) < Double.parseDouble(ring.get(cell)), cell + ": " + nearest.get(cell)
                        + " against ring gossip's " + ring.get(cell));
            }
        }
    }

    @Test
    void itsParametersAreCheckedLikeABuiltInProtocolsKeys() throws IOException {
        String config = Files.readString(CONFIG);
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, config.replace("neighbours: 1}", "neighbours: 0}"));
        Cli zero = Cli.run("validate", bad.toString(), "--with", jar.toString());
        assertEquals(2, zero.status());
        assertEquals(bad + ":11: protocols[1].neighbours: 0 is out of range; allowed: an integer >= 1\n",
                zero.err().replace("moshsim: ", ""));
        Files.writeString(bad, config.replace("neighbours: 1}", "neighbours: 32}"));
        Cli wide = Cli.run("validate", bad.toString(), "--with", jar.toString());
        assertEquals(2, wide.status());
        assertTrue(wide.err().startsWith("moshsim: " + bad + ":11: protocols[1].neighbours: 32 on each side needs more than 64 "
                + "peers, but peers is 64 (line 5)") && wide.err().lines().count() == 1, wide.err());
        Files.writeString(bad, config.replace("neighbours: 1}", "neighbors: 1}"));
        Cli typo = Cli.run("validate", bad.toString(), "--with", jar.toString());
        assertEquals(2, typo.status());
        assertTrue(typo.err().contains("unknown key 'protocols[1].neighbors'; allowed in protocols[1]: type, label, neighbours"),
                typo.err());
    }

    @Test
    void withoutItsJarTheTypeIsUnknown() {
        Cli validate = Cli.run("validate", CONFIG.toString());
        assertEquals(2, validate.status());
        assertTrue(validate.err().contains("protocols[1].type: 'nearest-live-gossip' is not allowed; expected one of all-reduce, "
                + "gossip, push-sum, random-groups, moshpit, ad-psgd, parameter-server") && validate.err().lines().count() == 1,
                validate.err());
        Cli listed = Cli.run("protocols", "--with", jar.toString());
        assertEquals(0, listed.status());
        assertTrue(listed.out().contains("nearest-live-gossip (plug-in NearestLiveGossip): each live peer averages"), listed.out());
        assertTrue(Cli.run("protocols").out().startsWith("all-reduce: "));
    }

    @Test
    void theExampleConfigPassesTheSchemaWrittenWithThePlugin() throws IOException {
        Cli schema = Cli.run("reference", "--schema", "--with", jar.toString());
        assertEquals(0, schema.status(), schema.err());
        assertEquals(List.of(), ConfigReferenceTest.schema(schema.out()).validate(ConfigReferenceTest.tree(CONFIG)).stream()
                .map(Object::toString).toList());
        // The committed schema knows the built-in types only.
        assertTrue(ConfigReferenceTest.schema(Files.readString(Path.of("docs/moshsim.schema.json")))
                .validate(ConfigReferenceTest.tree(CONFIG)).stream().anyMatch(e -> e.toString().contains("/protocols/1/type")));
        assertTrue(Cli.run("reference", "--with", jar.toString()).out().contains("### type: nearest-live-gossip"));
    }

    @Test
    void aMissingJarIsBadInput() {
        Cli run = Cli.run("validate", CONFIG.toString(), "--with", tmp.resolve("no-such.jar").toString());
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("moshsim: --with: ") && run.err().contains("no such file"), run.err());
    }
}
