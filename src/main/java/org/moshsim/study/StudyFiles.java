package org.moshsim.study;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.moshsim.metrics.AtomicFiles;
import org.moshsim.report.CurveChart;

/** Writes a study's {@code study.csv} (tidy: curve, x, seed, one column per quantity), {@code summary.md} and figures. */
public final class StudyFiles {
    public static final String CSV = "study.csv";

    private StudyFiles() {
    }

    /** Writes everything; returns the names of the files written. */
    public static List<String> write(Path dir, String title, StudyResult result) {
        StudyTable table = result.table();
        List<String> header = new ArrayList<>(List.of("curve", table.x(), "seed"));
        header.addAll(table.quantities());
        AtomicFiles.writeText(dir.resolve(CSV), out -> {
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
            csv.printRecord(header);
            List<Object> row = new ArrayList<>();
            for (StudyTable.Row r : table.rows()) {
                row.clear();
                row.add(r.curve());
                row.add(Double.toString(r.x()));
                row.add(r.seed());
                for (double v : r.values()) {
                    row.add(Double.toString(v));
                }
                csv.printRecord(row);
            }
            csv.flush();
        });
        String summary = "# " + title + "\n\n" + result.summary().strip() + "\n";
        AtomicFiles.write(dir.resolve("summary.md"), out -> out.write(summary.getBytes(StandardCharsets.UTF_8)));
        List<String> files = new ArrayList<>(List.of("summary.md", CSV));
        for (StudyResult.Figure figure : result.figures()) {
            CurveChart.write(dir, figure.name(), table, figure.xQuantity(), figure.xTitle(), figure.xLogarithmic(), figure.panels());
            files.add(figure.name() + ".png");
            files.add(figure.name() + ".svg");
        }
        return files;
    }
}
