package org.moshsim.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kernel list ({@link Kernel}) against the kernels' real signatures in cuda-kernels/*.cu, read as text, so on
 * any machine, GPU or not: the same kernels in the same files, with the same parameter types in the same order. A
 * kernel added on one side only, or a parameter changed on one side only, fails the build instead of the first GPU run.
 */
class KernelSignaturesTest {
    private static final Path SOURCES = Path.of("cuda-kernels");
    private static final Pattern COMMENT = Pattern.compile("//[^\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern GLOBAL = Pattern.compile("\\b__global__\\b");
    private static final Pattern KERNEL = Pattern.compile(
            "extern\\s+\"C\"\\s+__global__\\s+void\\s+(?:__launch_bounds__\\s*\\([^)]*\\)\\s*)?(\\w+)\\s*\\(([^)]*)\\)");
    /** Words of a parameter that do not change what the launch passes. */
    private static final Set<String> QUALIFIERS = Set.of("const", "volatile", "__restrict__", "signed", "unsigned");

    /** A kernel: the family (.cu file) it is in and its parameters' C types, in order. */
    record Signature(String family, List<String> parameters) {
    }

    @Test
    void theKernelListMatchesTheCudaSources() throws IOException {
        Map<String, Signature> defined = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".cu")).sorted().toList()) {
                String family = file.getFileName().toString().replaceFirst("\\.cu$", "");
                problems.addAll(read(family, Files.readString(file), defined));
            }
        }
        assertFalse(defined.isEmpty(), "no kernels in " + SOURCES.toAbsolutePath());
        problems.addAll(differences(declared(), defined));
        assertEquals(List.of(), problems, () -> "Kernel.java and cuda-kernels/*.cu disagree:\n" + String.join("\n", problems));
    }

    @Test
    void aChangedParameterAMissingKernelAndAnUnlistedKernelAreEachReported() {
        Map<String, Signature> defined = new TreeMap<>();
        assertEquals(List.of(), read("reduce", """
                extern "C" __global__ void column_means(const float* values, const double* weights, long long rows, int dim,
                                                        double* means) {}
                extern "C" __global__ void sum_partials(const double* partials, long long count, double* result) {}
                extern "C" __global__ void max_partials(const double* partials, int count, double* result) {}
                """, defined));
        Map<String, Signature> reduce = new TreeMap<>(declared());
        reduce.values().removeIf(signature -> !signature.family().equals("reduce"));
        List<String> problems = differences(reduce, defined);
        assertEquals(3, problems.size(), problems::toString);
        assertTrue(problems.contains("max_partials: reduce.cu defines it, Kernel does not list it"), problems::toString);
        assertTrue(problems.contains("mse_partials: Kernel lists it in reduce.cu, which does not define it"), problems::toString);
        assertTrue(problems.contains("sum_partials: Kernel declares (double*, int, double*), reduce.cu defines "
                + "(double*, long long, double*)"), problems::toString);
    }

    @Test
    void aKernelInAnotherFamilyIsReported() {
        Map<String, Signature> defined = new TreeMap<>();
        read("mixing", "extern \"C\" __global__ void sum_partials(const double* partials, int count, double* result) {}", defined);
        assertEquals(List.of("sum_partials: Kernel lists it in reduce.cu, mixing.cu defines it"),
                differences(Map.of("sum_partials", declared().get("sum_partials")), defined));
    }

    @Test
    void signaturesAreReadAcrossLinesCommentsQualifiersAndLaunchBounds() {
        Map<String, Signature> defined = new TreeMap<>();
        List<String> problems = read("lossy", """
                // extern "C" __global__ void commented_out(int n) {}
                extern "C" __global__ void __launch_bounds__(256, 2) lossy(float *__restrict__ out, /* sent rows */
                        const unsigned int* lost,   // one bit per packet
                        unsigned long long seed, volatile signed char* codes, const double scale) {}
                __global__ void mangled(int n) {}
                template <int N> __device__ float helper(float x) { return x; }
                """, defined);
        assertEquals(Map.of("lossy", new Signature("lossy", List.of("float*", "int*", "long long", "char*", "double"))), defined);
        assertEquals(List.of("lossy.cu: 2 __global__ functions, 1 of them read as extern \"C\" __global__ void NAME(...): "
                + "give every kernel C linkage and that form"), problems);
    }

    @Test
    void aTypeTheListCannotDeclareIsReported() {
        List<String> problems = read("fill", "extern \"C\" __global__ void halves(__half* out, size_t n) {}", new TreeMap<>());
        assertEquals(List.of("fill.cu: halves's parameter '__half* out' is of type __half*, which Kernel.Parameter does not know",
                "fill.cu: halves's parameter 'size_t n' is of type size_t, which Kernel.Parameter does not know"), problems);
    }

    /** The kernels as {@link Kernel} lists them, by C name. */
    private static Map<String, Signature> declared() {
        Map<String, Signature> declared = new TreeMap<>();
        for (Kernel kernel : Kernel.values()) {
            declared.put(kernel.symbol(), new Signature(kernel.family(), kernel.parameters().stream().map(p -> p.c).toList()));
        }
        return declared;
    }

    /** Adds the kernels that {@code source}, cuda-kernels/FAMILY.cu, defines to {@code defined}; returns what it could not read. */
    private static List<String> read(String family, String source, Map<String, Signature> defined) {
        String code = COMMENT.matcher(source).replaceAll(" ");
        List<String> problems = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        for (Kernel.Parameter parameter : Kernel.Parameter.values()) {
            known.add(parameter.c);
        }
        Matcher kernel = KERNEL.matcher(code);
        int kernels = 0;
        while (kernel.find()) {
            kernels++;
            String name = kernel.group(1);
            List<String> types = new ArrayList<>();
            for (String parameter : kernel.group(2).isBlank() ? new String[0] : kernel.group(2).split(",")) {
                String type = type(parameter);
                if (!known.contains(type)) {
                    problems.add(String.format("%s.cu: %s's parameter '%s' is of type %s, which Kernel.Parameter does not know",
                            family, name, parameter.trim().replaceAll("\\s+", " "), type));
                }
                types.add(type);
            }
            Signature earlier = defined.put(name, new Signature(family, types));
            if (earlier != null) {
                problems.add(name + ": defined in " + earlier.family() + ".cu and in " + family + ".cu");
            }
        }
        long globals = GLOBAL.matcher(code).results().count();
        if (globals != kernels) {
            problems.add(String.format("%s.cu: %d __global__ functions, %d of them read as extern \"C\" __global__ void NAME(...): "
                    + "give every kernel C linkage and that form", family, globals, kernels));
        }
        return problems;
    }

    /** A parameter's type as Kernel.Parameter spells it: "const unsigned int *lost" is "int*". */
    private static String type(String parameter) {
        List<String> words = new ArrayList<>(List.of(parameter.replace("*", " * ").trim().split("\\s+")));
        words.removeIf(QUALIFIERS::contains);
        words.remove(words.size() - 1); // the parameter's name
        StringBuilder type = new StringBuilder();
        for (String word : words) {
            type.append(word.equals("*") || type.length() == 0 ? "" : " ").append(word);
        }
        return type.toString();
    }

    /** What differs between the kernel list and the sources, one line per kernel. */
    private static List<String> differences(Map<String, Signature> declared, Map<String, Signature> defined) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new TreeSet<>(declared.keySet());
        names.addAll(defined.keySet());
        for (String name : names) {
            Signature listed = declared.get(name);
            Signature real = defined.get(name);
            if (real == null) {
                problems.add(name + ": Kernel lists it in " + listed.family() + ".cu, which does not define it");
            } else if (listed == null) {
                problems.add(name + ": " + real.family() + ".cu defines it, Kernel does not list it");
            } else if (!listed.family().equals(real.family())) {
                problems.add(name + ": Kernel lists it in " + listed.family() + ".cu, " + real.family() + ".cu defines it");
            } else if (!listed.parameters().equals(real.parameters())) {
                problems.add(name + ": Kernel declares (" + String.join(", ", listed.parameters()) + "), " + real.family()
                        + ".cu defines (" + String.join(", ", real.parameters()) + ")");
            }
        }
        return problems;
    }
}
