package org.moshsim.report;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.moshsim.Target;

/**
 * How many times faster the first protocol reaches each target than each other protocol: one panel per
 * target, one group of bars per point, one bar per baseline (geometric mean over seeds; the error bar spans
 * half the 95% CI's width on either side). A missing bar: the pair never both reached the target.
 * Written as {@code speedup.png} and {@code speedup.svg}.
 */
public final class SpeedupChart {
    public static final String NAME = "speedup";

    private SpeedupChart() {
    }

    /** Renders the chart, unless the rows hold fewer than two protocols. */
    public static void render(Path dir, List<Summary.Row> rows, List<Target> targets, String title) {
        List<String> protocols = rows.stream().map(Summary.Row::protocol).distinct().toList();
        if (protocols.size() < 2) {
            return;
        }
        String first = protocols.get(0);
        List<Summary.Row> firstRows = rows.stream().filter(r -> r.protocol().equals(first)).toList();
        Figure.write(dir, NAME, () -> {
            List<CategoryChart> panels = new ArrayList<>();
            for (int t = 0; t < targets.size(); t++) {
                panels.add(panel(first, firstRows, protocols.subList(1, protocols.size()), t, targets.get(t), title));
            }
            return panels;
        });
    }

    private static CategoryChart panel(String first, List<Summary.Row> rows, List<String> baselines, int target, Target value,
                                       String title) {
        CategoryChart chart = new CategoryChartBuilder().width(Figure.PANEL_WIDTH).height(Figure.PANEL_HEIGHT)
                .title("speedup of " + first + " to " + value.describe())
                .xAxisTitle(rows.get(0).coordinates().isEmpty() ? "" : String.join(", ", rows.get(0).coordinates().keySet()))
                .yAxisTitle("times faster than the baseline").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendBorderColor(Color.WHITE);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setOverlapped(false);
        List<String> categories = rows.stream().map(r -> r.coordinates().isEmpty() ? title : String.join(", ", r.coordinates().values()))
                .toList();
        int colour = 1;
        for (String baseline : baselines) {
            List<String> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            for (int p = 0; p < rows.size(); p++) {
                Interval speedup = rows.get(p).speedups().get(baseline).get(target);
                if (!Double.isNaN(speedup.mean())) {
                    xs.add(categories.get(p));
                    ys.add(speedup.mean());
                    errors.add(Double.isNaN(speedup.low()) ? 0 : speedup.halfWidth());
                }
            }
            if (!xs.isEmpty()) {
                CategorySeries series = chart.addSeries("vs " + baseline, xs, ys, errors);
                series.setFillColor(Figure.PALETTE[colour % Figure.PALETTE.length]);
            }
            colour++;
        }
        if (chart.getSeriesCollection().isEmpty()) {
            chart.addSeries("no protocol pair reached this target", List.of(categories.get(0)), List.of(0.0));
        }
        return chart;
    }
}
