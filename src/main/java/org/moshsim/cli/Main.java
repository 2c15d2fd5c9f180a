package org.moshsim.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.moshsim.BadInput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "moshsim", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Simulates decentralized averaging (Moshpit All-Reduce and its baselines) on unreliable peers.",
        subcommands = {RunCommand.class, ValidateCommand.class, MergeCommand.class, SlurmCommand.class, PlotCommand.class,
            CompareCommand.class, DevicesCommand.class, ProtocolsCommand.class, ReferenceCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit status for input that cannot be run. */
    static final int BAD_INPUT = 2;
    /** Exit status for a failure of moshsim itself. */
    static final int INTERNAL_ERROR = 1;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "give a command: run, validate, merge, slurm, plot, compare, devices, protocols or reference");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status (0 success, 2 bad input, 1 internal failure). */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("moshsim: " + e.getMessage() + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof BadInput) {
                err.println("moshsim: " + e.getMessage());
                return BAD_INPUT;
            }
            if (e instanceof UncheckedIOException io) {
                // A full disk or an unwritable folder: the machine's trouble, not a bug and not the input's.
                err.println("moshsim: " + io.getMessage());
                return INTERNAL_ERROR;
            }
            err.println("moshsim: internal error: " + e);
            e.printStackTrace(err);
            return INTERNAL_ERROR;
        });
        return commandLine.execute(args);
    }
}
