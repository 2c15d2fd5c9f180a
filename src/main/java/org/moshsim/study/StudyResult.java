package org.moshsim.study;

import java.util.List;
import org.moshsim.report.CurveChart;

/** What a study found: its table, its figures (drawn from the table) and a summary in Markdown. */
public record StudyResult(StudyTable table, List<Figure> figures, String summary) {
    /** One figure: its file name, its x axis (a quantity of the table, or null for the table's x) and its panels. */
    public record Figure(String name, String xQuantity, String xTitle, boolean xLogarithmic, List<CurveChart.Panel> panels) {
    }
}
