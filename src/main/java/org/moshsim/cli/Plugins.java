package org.moshsim.cli;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
