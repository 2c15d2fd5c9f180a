/**
 * Tables and figures from result files only: {@code summary.csv} and {@code summary.md} (times to each target with
 * the count of seeds that reached it, censored where some did not; paired speedups over a reference protocol and the
 * config's comparisons, on the log scale), the figures of each measure and of the speedups as PNG, PDF and SVG, and
 * the cell-by-cell comparison of two results folders. {@code moshsim plot DIR} re-renders without re-running.
 * Depends on metrics and the root package's vocabulary.
 *
 * <p>May import: {@code org.moshsim}, {@code org.moshsim.metrics}, {@code org.knowm.xchart},
 * {@code de.erichseifert.vectorgraphics2d}, {@code org.apache.commons.csv}, {@code org.apache.commons.statistics}.
 */
package org.moshsim.report;
