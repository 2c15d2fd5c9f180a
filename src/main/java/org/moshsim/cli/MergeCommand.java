package org.moshsim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.moshsim.BadInput;
import org.moshsim.config.Experiment;
import org.moshsim.config.ExperimentReader;
import org.moshsim.metrics.MetricsTable;
import org.moshsim.metrics.ResultsFolder;
import org.moshsim.metrics.RunJournal;
import org.moshsim.metrics.Series;
import org.moshsim.simulation.ExperimentRunner;
import org.moshsim.simulation.Shard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Joins the folders of a sweep's shards (moshsim run --shard K/N), made on any machines and backends, "
                + "into one results folder identical to a single run of the whole sweep.")
final class MergeCommand implements Callable<Integer> {
    @Mixin
    private Plugins plugins = new Plugins();

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "the shards' results folders")
    private List<Path> shards;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the results folder of the whole sweep")
    private Path out;

    @Override
    public Integer call() {
        List<RunJournal.Contents> journals = new ArrayList<>();
        for (Path dir : shards) {
            journals.add(journal(dir));
        }
        RunJournal.Header first = journals.get(0).header();
        for (int i = 1; i < journals.size(); i++) {
            RunJournal.Header other = journals.get(i).header();
            if (!other.build().equals(first.build())) {
                throw new BadInput(shards.get(i) + ": made by moshsim " + other.build() + ", but " + shards.get(0) + " by moshsim "
                        + first.build() + "; merge only shards of one build (run the odd ones again with the same moshsim)");
            }
            if (!body(other.config()).equals(body(first.config()))) {
                String keys = DurableSweep.changed(first.definition(), other.definition());
                throw new BadInput(shards.get(i) + ": a shard of another config than " + shards.get(0) + " (" + (keys.equals("its values")
                        ? "seeds or reporting keys" : keys) + " differ); merge only shards of one config");
            }
        }
        Experiment experiment = ExperimentReader.parse(shards.get(0).resolve(RunJournal.FILE).toString(), first.config(), null,
                plugins.catalogue());
        RunJournal.Header header = first.withShard("");
        Map<String, RunJournal.Entry> found = new HashMap<>();
        journals.forEach(j -> j.entries().forEach(e -> found.put(e.key(), e)));
        List<ExperimentRunner.Run> runs = ExperimentRunner.runs(experiment);
        List<ExperimentRunner.Run> missing = runs.stream()
                .filter(r -> !found.containsKey(RunJournal.key(header, r.point().coordinates(), r.protocol().label(), r.seed()))).toList();
        if (!missing.isEmpty()) {
            throw new BadInput(missing.size() + " of the sweep's " + runs.size() + " runs are in none of the folders given"
                    + missingShards(journals, runs, missing) + "; give every shard's folder");
        }

        List<Series> series = new ArrayList<>();
        Map<String, Integer> backends = new LinkedHashMap<>();
        Path dir;
        List<String> files;
        try (ResultsFolder folder = ResultsFolder.claim("--out", out, shards)) {
            folder.clearWork("");
            try (RunJournal merged = RunJournal.open(folder.work().resolve(RunJournal.FILE), header)) {
                for (ExperimentRunner.Run run : runs) {
                    RunJournal.Entry entry = found.get(RunJournal.key(header, run.point().coordinates(), run.protocol().label(), run.seed()));
                    merged.append(entry);
                    series.add(entry.series());
                    backends.merge(entry.backend(), 1, Integer::sum);
                }
            }
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("moshsim", Version.version());
            provenance.put("commit", Version.commit());
            provenance.put("merged", shards.stream().map(Path::toString).toList());
            provenance.put("backend", backends.size() == 1 ? backends.keySet().iterator().next() : backends);
            provenance.put("runs", runs.size());
            files = ResultFiles.write(folder.work(), experiment, new MetricsTable(experiment.sweptKeys(), series), false,
                    first.config(), provenance);
            folder.publish();
            dir = folder.dir();
        }
        System.out.printf("%s: merged %d runs from %d folders%n", experiment.name(), runs.size(), shards.size());
        System.out.println("results: " + dir + "/ (" + String.join(", ", files) + ")");
        return 0;
    }

    /** A finished shard's journal; a shard still in its work folder is named as unfinished. */
    private static RunJournal.Contents journal(Path dir) {
        RunJournal.Contents contents = RunJournal.read(dir.resolve(RunJournal.FILE));
        if (contents != null) {
            return contents;
        }
        RunJournal.Contents partial = RunJournal.read(ResultsFolder.partial(dir.toAbsolutePath().normalize()).resolve(RunJournal.FILE));
        if (partial != null) {
            throw new BadInput(dir + ": this shard is not finished (" + partial.entries().size() + " runs so far, in "
                    + ResultsFolder.partial(dir) + "); run its command again to finish it");
        }
        throw new BadInput(dir + ": " + (Files.isDirectory(dir) ? "holds no " + RunJournal.FILE : "no such folder")
                + "; give the folders written by moshsim run --shard K/N");
    }

    /** Which shards the missing runs belong to, when every journal names its shard of the same count. */
    private static String missingShards(List<RunJournal.Contents> journals, List<ExperimentRunner.Run> runs,
                                        List<ExperimentRunner.Run> missing) {
        String shard = journals.get(0).header().shard();
        if (shard.isEmpty() || journals.stream().anyMatch(j -> !j.header().shard().endsWith(shard.substring(shard.indexOf('/'))))) {
            return "";
        }
        int count = Integer.parseInt(shard.substring(shard.indexOf('/') + 1));
        List<String> absent = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            List<ExperimentRunner.Run> share = new Shard(k, count).select(runs);
            if (share.stream().anyMatch(missing::contains)) {
                absent.add(k + "/" + count);
            }
        }
        return " (those of shard " + String.join(", ", absent) + ")";
    }

    /** A config's text without its first line, the comment that names the file it was read from. */
    private static String body(String config) {
        int newline = config.indexOf('\n');
        return config.startsWith("#") && newline >= 0 ? config.substring(newline + 1) : config;
    }
}
