package org.moshsim.simulation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.moshsim.BadInput;

/**
 * Shard {@code index} of {@code count} (1-based): a deterministic share of a sweep's runs, balanced by their
 * estimated cost. Runs are dealt largest first, each to the shard with the least cost so far (ties to the lowest
 * shard; Graham's LPT rule, within 4/3 of the best balance), so every machine computes the same split.
 */
public record Shard(int index, int count) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})/(\\d{1,9})");

    /** The whole sweep. */
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard " + index + "/" + count);
        }
    }

    /** Reads {@code K/N}. */
    public static Shard parse(String option, String text) {
        Matcher m = FORM.matcher(text);
        if (m.matches()) {
            int index = Integer.parseInt(m.group(1));
            int count = Integer.parseInt(m.group(2));
            if (count >= 1 && index >= 1 && index <= count) {
                return new Shard(index, count);
            }
        }
        throw new BadInput(option + ": '" + text + "' is not a shard; expected K/N with 1 <= K <= N, e.g. 2/4");
    }

    public boolean all() {
        return count == 1;
    }

    /** This shard's runs, in their canonical order. */
    public List<ExperimentRunner.Run> select(List<ExperimentRunner.Run> runs) {
        if (all()) {
            return runs;
        }
        List<ExperimentRunner.Run> byCost = new ArrayList<>(runs);
        byCost.sort(Comparator.comparingDouble(ExperimentRunner.Run::cost).reversed()
                .thenComparingInt(ExperimentRunner.Run::index));
        record Load(double cost, int shard) {
        }
        PriorityQueue<Load> loads = new PriorityQueue<>(Comparator.comparingDouble(Load::cost).thenComparingInt(Load::shard));
        for (int s = 0; s < Math.min(count, runs.size()); s++) {
            loads.add(new Load(0, s));
        }
        List<ExperimentRunner.Run> mine = new ArrayList<>();
        for (ExperimentRunner.Run run : byCost) {
            Load least = loads.poll();
            loads.add(new Load(least.cost() + run.cost(), least.shard()));
            if (least.shard() == index - 1) {
                mine.add(run);
            }
        }
        mine.sort(Comparator.comparingInt(ExperimentRunner.Run::index));
        return mine;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
