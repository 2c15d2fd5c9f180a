package org.moshsim.cli;

import java.util.concurrent.Callable;
import org.moshsim.config.Key;
import org.moshsim.config.ProtocolCatalogue;
import org.moshsim.config.ProtocolDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "protocols", mixinStandardHelpOptions = true,
        description = "Lists the protocol types a config may name (type: NAME), with --with JAR those of its plug-ins too, "
                + "and each one's parameters.")
final class ProtocolsCommand implements Callable<Integer> {
    @Mixin
    private Plugins plugins = new Plugins();

    @Override
    public Integer call() {
        ProtocolCatalogue catalogue = plugins.catalogue();
        for (ProtocolDefinition type : catalogue.types()) {
            String origin = type.getClass().getClassLoader() == ProtocolsCommand.class.getClassLoader() ? "" : " (plug-in "
                    + type.getClass().getName() + ")";
            System.out.println(type.name() + origin + ": " + type.meaning());
            for (Key<?> key : type.keys()) {
                String fallback = key.fallback() != null ? "default " + key.fallback() : key.computed() != null ? "default "
                        + key.computed() : "required";
                System.out.println("  " + key.name() + ": " + key.allowed() + "; " + fallback + (key.condition() == null ? ""
                        : "; when " + key.condition()) + " - " + key.meaning());
            }
        }
        return 0;
    }
}
