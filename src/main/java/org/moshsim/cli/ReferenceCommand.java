package org.moshsim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.moshsim.BadInput;
import org.moshsim.config.ConfigReference;
import org.moshsim.config.ConfigSchema;
import org.moshsim.config.ProtocolCatalogue;
import org.moshsim.metrics.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reference", mixinStandardHelpOptions = true,
        description = "Prints the reference of every config key (Markdown), generated from the definitions the reader uses; "
                + "--out DIR writes it as config-reference.md with the JSON Schema moshsim.schema.json (the repository's docs/).")
final class ReferenceCommand implements Callable<Integer> {
    /** The reference's file name in its folder. */
    static final String MARKDOWN = "config-reference.md";
    /** The schema's file name in its folder. */
    static final String SCHEMA = "moshsim.schema.json";

    @Mixin
    private Plugins plugins = new Plugins();

    @Option(names = "--out", paramLabel = "DIR", description = "write " + MARKDOWN + " and " + SCHEMA + " to DIR (e.g. docs)")
    private Path out;

    @Option(names = "--schema", description = "print the JSON Schema instead of the reference")
    private boolean schema;

    @Override
    public Integer call() {
        ProtocolCatalogue catalogue = plugins.catalogue();
        if (out == null) {
            System.out.print(schema ? ConfigSchema.json(catalogue) : ConfigReference.markdown(catalogue));
            return 0;
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new BadInput("--out: " + out + " is not a folder");
        }
        AtomicFiles.writeText(out.resolve(MARKDOWN), w -> w.write(ConfigReference.markdown(catalogue)));
        AtomicFiles.writeText(out.resolve(SCHEMA), w -> w.write(ConfigSchema.json(catalogue)));
        System.out.println("wrote " + out.resolve(MARKDOWN) + " and " + out.resolve(SCHEMA));
        return 0;
    }
}
