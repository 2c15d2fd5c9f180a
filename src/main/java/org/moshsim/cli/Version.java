package org.moshsim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The version and git commit the jar was built from. */
final class Version implements CommandLine.IVersionProvider {
    private static final Properties BUILD = load();

    static String version() {
        return BUILD.getProperty("version", "unknown");
    }

    static String commit() {
        String commit = BUILD.getProperty("commit", "unknown");
        return commit.startsWith("$") ? "unknown" : commit;
    }

    /** The version and commit together: which build made a run. */
    static String build() {
        return version() + " (commit " + commit() + ")";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"moshsim " + version() + " (commit " + commit() + ")"};
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/moshsim.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
