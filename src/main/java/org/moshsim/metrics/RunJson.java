package org.moshsim.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.Map;

/** {@code run.json}: where the results came from (version, git commit, backend, device, wall time...). */
public final class RunJson {
    public static final String FILE = "run.json";

    private RunJson() {
    }

    public static void write(Path dir, Map<String, Object> provenance) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(dir.resolve(FILE), out -> {
            out.write(json.writeValueAsBytes(provenance));
            out.write('\n');
        });
    }
}
