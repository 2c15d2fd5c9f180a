package org.moshsim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.moshsim.BadInput;
import org.moshsim.report.ResultComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compares two results folders cell by cell (metrics.csv, and summary.csv where both have one): two code "
                + "versions, CPU against GPU, two configs. Exit status: 0 equal within the tolerances, 1 they differ, 2 bad input.",
        footer = "Numbers a and b are equal when |a - b| <= atol + rtol * max(|a|, |b|); text when identical.")
final class CompareCommand implements Callable<Integer> {
    /** Exit status when the folders differ beyond the tolerances (as diff(1) does). */
    static final int DIFFER = 1;

    @Parameters(index = "0", paramLabel = "A", description = "a folder written by 'moshsim run'")
    private Path a;

    @Parameters(index = "1", paramLabel = "B", description = "another")
    private Path b;

    @Option(names = "--rtol", paramLabel = "R", defaultValue = "0", description = "relative tolerance (default: ${DEFAULT-VALUE})")
    private double rtol;

    @Option(names = "--atol", paramLabel = "A", defaultValue = "0", description = "absolute tolerance (default: ${DEFAULT-VALUE})")
    private double atol;

    @Override
    public Integer call() {
        for (Path dir : List.of(a, b)) {
            if (!Files.isDirectory(dir)) {
                throw new BadInput(dir + ": no such folder; give two folders written by 'moshsim run'");
            }
        }
        if (!(rtol >= 0) || !(atol >= 0)) {
            throw new BadInput("--rtol, --atol: " + (rtol >= 0 ? atol : rtol) + " is not allowed; expected a number >= 0");
        }
        List<ResultComparison.FileDiff> diffs = ResultComparison.compare(a, b, rtol, atol);
        boolean equal = true;
        for (ResultComparison.FileDiff diff : diffs) {
            equal &= diff.equal();
            System.out.printf(Locale.ROOT, "%s: %d cells compared, %s%n", diff.file(), diff.compared(),
                    diff.equal() ? "all equal" : diff.differing() + " differ" + (diff.differing() > diff.differences().size()
                            ? " (the " + diff.differences().size() + " largest:)" : ":"));
            diff.differences().forEach(line -> System.out.println("  " + line));
        }
        System.out.printf(Locale.ROOT, "%s and %s %s within rtol %s, atol %s%n", a, b, equal ? "are equal" : "differ", rtol, atol);
        return equal ? 0 : DIFFER;
    }
}
