package org.moshsim.report;

import java.util.List;
import org.moshsim.Comparison;
import org.moshsim.Target;

/**
 * What a results folder's report shows: the targets, the protocol every speedup is taken against, the comparisons
 * between cells, the fewest seed pairs a ratio may rest on unmarked, the figures to draw and the title of a figure of
 * one panel.
 *
 * @param reference a protocol's label, or null for the first protocol
 * @param minSeeds ratios over fewer seed pairs (or fewer than all seeds, when fewer ran) are marked
 * @param figures {@code rounds}, {@code time}, {@code speedup}
 */
public record Analysis(List<Target> targets, String reference, List<Comparison> comparisons, int minSeeds, List<String> figures,
                       String title, List<String> formats) {
    /** What {@code run} writes: PNG and PDF (SVG only when asked for, by {@code plot --svg}: 1-3 MB a figure). */
    public static final List<String> FORMATS = List.of("png", "pdf");
    public static final List<String> WITH_SVG = List.of("png", "pdf", "svg");

    public Analysis {
        targets = List.copyOf(targets);
        comparisons = List.copyOf(comparisons);
        figures = List.copyOf(figures);
        formats = List.copyOf(formats);
    }

    /** The figures as PNG and PDF. */
    public Analysis(List<Target> targets, String reference, List<Comparison> comparisons, int minSeeds, List<String> figures,
                    String title) {
        this(targets, reference, comparisons, minSeeds, figures, title, FORMATS);
    }

    /** The same, in these formats. */
    public Analysis inFormats(List<String> newFormats) {
        return new Analysis(targets, reference, comparisons, minSeeds, figures, title, newFormats);
    }

    /** The reference among {@code protocols}: the one named, else the first. */
    public String referenceAmong(List<String> protocols) {
        return reference != null && protocols.contains(reference) ? reference : protocols.get(0);
    }
}
