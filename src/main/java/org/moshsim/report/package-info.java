/**
 * Figures and tables from result files only: {@code summary.csv} and {@code summary.md} (rounds to each
 * target with 95% confidence intervals over seeds) and the mse-against-rounds chart as PNG and SVG.
 * {@code moshsim plot DIR} re-renders without re-running. Depends on metrics.
 */
package org.moshsim.report;
