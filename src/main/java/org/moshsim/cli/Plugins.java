package org.moshsim.cli;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.moshsim.BadInput;
import org.moshsim.config.ProtocolCatalogue;
import org.moshsim.protocol.Protocols;
import picocli.CommandLine.Option;

/**
 * {@code --with JAR}: jars of plug-in protocols, whose types ({@code META-INF/services/org.moshsim.protocol.ProtocolType})
 * configs may then name besides the built-in ones.
 */
final class Plugins {
    @Option(names = "--with", paramLabel = "JAR", description = "a jar of protocol plug-ins (repeatable): their types may be "
            + "named in the config")
    private List<Path> jars = new ArrayList<>();

    private ProtocolCatalogue catalogue;

    /** The jars given, as absolute paths (for the commands a Slurm job runs). */
    List<Path> jars() {
        return jars.stream().map(j -> j.toAbsolutePath().normalize()).toList();
    }

    /**
     * The jars' identity for a sweep's journal: their names and content hashes, so that runs of another version of a
     * plug-in are not taken for these ("" without plug-ins).
     */
    String identity() {
        StringBuilder identity = new StringBuilder();
        for (Path jar : jars()) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar));
                identity.append(" with ").append(jar.getFileName()).append(' ').append(HexFormat.of().formatHex(hash, 0, 8));
            } catch (IOException e) {
                throw new BadInput("--with: " + jar + ": cannot be read (" + e.getMessage() + ")");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java has SHA-256", e);
            }
        }
        return identity.toString();
    }

    /** The built-in protocol types and those of the jars. */
    ProtocolCatalogue catalogue() {
        if (catalogue == null) {
            catalogue = Protocols.catalogue(loader(jars));
        }
        return catalogue;
    }

    /** A class loader over {@code jars} whose parent is moshsim's own (moshsim itself when there are none). */
    static ClassLoader loader(List<Path> jars) {
        if (jars.isEmpty()) {
            return Plugins.class.getClassLoader();
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                throw new BadInput("--with: " + jar + ": no such file; give a jar of protocol plug-ins");
            }
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new BadInput("--with: " + jar + ": not a file path (" + e.getMessage() + ")");
            }
        }
        // Kept open for the life of the command: the plug-in's classes load lazily, run by run.
        return new URLClassLoader(urls.toArray(URL[]::new), Plugins.class.getClassLoader());
    }
}
