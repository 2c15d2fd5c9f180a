package org.moshsim.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** {@code config.yaml}: the config as run, every default filled in; {@code moshsim run} accepts it as it is. */
public final class ConfigYaml {
    public static final String FILE = "config.yaml";

    private ConfigYaml() {
    }

    public static void write(Path dir, Map<String, Object> resolved, String comment) {
        AtomicFiles.write(dir.resolve(FILE), out -> out.write(text(resolved, comment).getBytes(StandardCharsets.UTF_8)));
    }

    /** The file's text: the comment, then the config. */
    public static String text(Map<String, Object> resolved, String comment) {
        ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build());
        try {
            return "# " + comment + "\n" + yaml.writeValueAsString(resolved);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a resolved config holds only plain values", e);
        }
    }
}
