package org.moshsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Packages keep their doors: every package of src/main says in its package-info what it may import (a paragraph
 * "May import: {@code ...}, ..."), and every source file keeps to it; the arrows that must never exist
 * (../shared/architecture.json's "never") hold whatever a package-info says. Reads the sources with the JDK only:
 * imports and fully qualified names in code, with comments and string literals taken out first.
 */
class PackageDoorsTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final String ROOT = "org.moshsim";
    private static final int MAX_LINES = 400;

    /** Importer prefix, imported prefix, why never (a prefix covers the package and its sub-packages). */
    private static final List<String[]> NEVER = List.of(
            new String[] {"org.moshsim.protocol", "org.moshsim.backend", "protocols plan, they never touch numbers"},
            new String[] {"org.moshsim.backend", "org.moshsim.protocol", "backends compute plans, they never decide groups"},
            new String[] {"org.moshsim.network", "org.moshsim.backend", "the network prices plans, it never touches numbers"},
            new String[] {"org.moshsim.plan", "org.moshsim.backend", "plans are data"},
            new String[] {"org.moshsim.plan", "org.moshsim.protocol", "plans are data"},
            new String[] {"org.moshsim.engine", "org.moshsim.protocol", "the engine knows events, not protocols"},
            new String[] {"org.moshsim.simulation", "org.moshsim.backend.cpu", "runs talk to the Backend interface"},
            new String[] {"org.moshsim.simulation", "org.moshsim.backend.cuda", "runs talk to the Backend interface"},
            new String[] {"org.moshsim.training", "org.moshsim.backend.cpu", "training talks to the Backend interface"},
            new String[] {"org.moshsim.training", "org.moshsim.backend.cuda", "training talks to the Backend interface"},
            new String[] {"org.moshsim.workload", "org.moshsim.backend.cpu", "workloads describe tasks; backends compute them"},
            new String[] {"org.moshsim.workload", "org.moshsim.backend.cuda", "workloads describe tasks; backends compute them"});
    /** Packages a config may not reach (configs are records, no arithmetic) and a report may not (result files only). */
    private static final List<String> RUNNING = List.of("org.moshsim.simulation", "org.moshsim.backend", "org.moshsim.protocol",
            "org.moshsim.network", "org.moshsim.training", "org.moshsim.workload", "org.moshsim.swarm", "org.moshsim.engine");

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.(?:\\*|\\w+);", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\b(org\\.moshsim(?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern MAY_IMPORT = Pattern.compile("<p>May import:(.*?)(?:<p>|\\*/)", Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile("\\{@code ([\\w.]+)}");

    @Test
    void everyImportGoesThroughADoorItsPackageDeclares() {
        Map<String, Set<String>> doors = declaredDoors(SOURCES);
        assertTrue(doors.size() >= 20, "package-infos found: " + doors.keySet());
        List<String> broken = brokenDoors(SOURCES, doors);
        assertEquals(List.of(), broken, "imports that no package-info allows (add the door, or remove the import)");
    }

    @Test
    void noArrowThatMustNeverExist() {
        List<String> broken = new ArrayList<>();
        forEachSource(SOURCES, (file, pkg, imported) -> {
            for (String[] rule : NEVER) {
                if (within(pkg, rule[0]) && within(imported, rule[1])) {
                    broken.add(file + ": " + pkg + " imports " + imported + " (" + rule[2] + ")");
                }
            }
            for (String running : RUNNING) {
                if (within(pkg, "org.moshsim.config") && within(imported, running)) {
                    broken.add(file + ": config imports " + imported + " (configs are records, no arithmetic)");
                }
                if (within(pkg, "org.moshsim.report") && (within(imported, running) || within(imported, "org.moshsim.config"))) {
                    broken.add(file + ": report imports " + imported + " (reports read result files only)");
                }
            }
        });
        assertEquals(List.of(), broken);
    }

    @Test
    void noSourceFileOverFourHundredLines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                long lines = Files.readAllLines(file).size();
                if (lines > MAX_LINES) {
                    tooLong.add(file + ": " + lines + " lines");
                }
            }
        }
        assertEquals(List.of(), tooLong);
    }

    /** The rule checker itself: a protocol that imports the backend breaks a door and a never-arrow. */
    @Test
    void aBrokenDoorIsFound(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path protocol = Files.createDirectories(dir.resolve("org/moshsim/protocol"));
        Files.writeString(protocol.resolve("package-info.java"),
                "/**\n * Protocols.\n *\n * <p>May import: {@code org.moshsim.plan}.\n */\npackage org.moshsim.protocol;\n");
        Files.writeString(protocol.resolve("Sneaky.java"), String.join("\n", "package org.moshsim.protocol;", "",
                "import org.moshsim.plan.Plan; // {@code org.moshsim.backend} in a comment is no import",
                "", "final class Sneaky {", "    String s = \"org.moshsim.cli.Main\";",
                "    org.moshsim.backend.Backend backend;", "}", ""));
        List<String> broken = brokenDoors(dir, declaredDoors(dir));
        assertEquals(1, broken.size(), broken.toString());
        assertTrue(broken.get(0).contains("imports org.moshsim.backend"), broken.toString());
    }

    private interface Visitor {
        void imported(Path file, String pkg, String imported);
    }

    private static boolean within(String pkg, String prefix) {
        return pkg.equals(prefix) || pkg.startsWith(prefix + ".");
    }

    private static Map<String, Set<String>> declaredDoors(Path sources) {
        Map<String, Set<String>> doors = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path info : files.filter(f -> f.getFileName().toString().equals("package-info.java")).toList()) {
                String text = Files.readString(info);
                Matcher pkg = PACKAGE.matcher(text);
                Matcher may = MAY_IMPORT.matcher(text);
                assertTrue(pkg.find() && may.find(), info + " says what the package may import: <p>May import: {@code ...}, ...");
                Set<String> allowed = new LinkedHashSet<>();
                Matcher code = CODE.matcher(may.group(1));
                while (code.find()) {
                    allowed.add(code.group(1));
                }
                doors.put(pkg.group(1), allowed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return doors;
    }

    private static List<String> brokenDoors(Path sources, Map<String, Set<String>> doors) {
        List<String> broken = new ArrayList<>();
        forEachSource(sources, (file, pkg, imported) -> {
            Set<String> allowed = doors.get(pkg);
            if (allowed == null) {
                broken.add(file + ": package " + pkg + " has no package-info with its doors");
            } else if (!allowed(imported, allowed)) {
                broken.add(file + ": " + pkg + " imports " + imported);
            }
        });
        return broken;
    }

    /** Our packages are doors one by one; a library is one door with all its sub-packages; the JDK is always open. */
    private static boolean allowed(String imported, Set<String> allowed) {
        if (imported.startsWith("java.") || imported.startsWith("javax.")) {
            return true;
        }
        if (within(imported, ROOT)) {
            return allowed.contains(imported);
        }
        return allowed.stream().anyMatch(library -> !within(library, ROOT) && within(imported, library));
    }

    private static void forEachSource(Path sources, Visitor visitor) {
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String code = withoutCommentsAndStrings(Files.readString(file));
                Matcher pkg = PACKAGE.matcher(code);
                if (!pkg.find()) {
                    continue;
                }
                Set<String> imported = new LinkedHashSet<>();
                Matcher imports = IMPORT.matcher(code);
                while (imports.find()) {
                    imported.add(packageOf(imports.group(1)));
                }
                Matcher qualified = QUALIFIED.matcher(code);
                while (qualified.find()) {
                    imported.add(qualified.group(1));
                }
                imported.remove(pkg.group(1));
                for (String name : imported) {
                    visitor.imported(sources.relativize(file), pkg.group(1), name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code a.b.C.D} (a nested type, or a static member) is package {@code a.b}: packages are lower case, types not. */
    private static String packageOf(String name) {
        String[] parts = name.split("\\.");
        int end = parts.length;
        while (end > 0 && Character.isUpperCase(parts[end - 1].charAt(0))) {
            end--;
        }
        return String.join(".", List.of(parts).subList(0, end));
    }

    /** Source text with comments, string and char literals (text blocks too) blanked, lines kept. */
    static String withoutCommentsAndStrings(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                while (i < source.length() && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
                source.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? source.length() : end + 3;
                source.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                out.append("\"\"");
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                out.append(c).append(c);
                i = Math.min(j + 1, source.length());
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
