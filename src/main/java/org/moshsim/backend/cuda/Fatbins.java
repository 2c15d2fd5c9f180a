package org.moshsim.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * The compiled CUDA kernels in this jar: one fatbin per family (cuda-kernels/FAMILY.cu) under {@code /kernels/},
 * listed with the nvcc that built them in {@code /kernels/kernels.properties}. A jar built without nvcc has none.
 * Which kernel is in which family is {@link Kernel}'s to say.
 */
record Fatbins(List<String> families, String nvcc, String targets) {
    private static final String MANIFEST = "/kernels/kernels.properties";

    /** The fatbins in the jar, or null when it was built without nvcc. */
    static Fatbins inJar() {
        try (InputStream in = Fatbins.class.getResourceAsStream(MANIFEST)) {
            if (in == null) {
                return null;
            }
            Properties manifest = new Properties();
            manifest.load(in);
            List<String> families = List.of(manifest.getProperty("families", "").split(","));
            return new Fatbins(families, manifest.getProperty("nvcc", "unknown nvcc"), manifest.getProperty("targets", "?"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A family's fatbin, as bytes for cuModuleLoadData. */
    byte[] fatbin(String family) {
        try (InputStream in = Fatbins.class.getResourceAsStream("/kernels/" + family + ".fatbin")) {
            if (in == null) {
                throw new IllegalStateException("the jar lists kernels '" + family + "' but does not hold them");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
