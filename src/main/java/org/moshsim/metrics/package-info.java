/**
 * Recording measurements and writing them: tidy {@code metrics.csv} (one row per run x round),
 * {@code run.json} provenance and the resolved config. Every file is written to a temporary name and
 * renamed, so a killed run never leaves a file that looks complete. {@link org.moshsim.metrics.RunJournal} keeps a
 * sweep's finished runs as they finish; {@link org.moshsim.metrics.ResultsFolder} locks a results folder, grows it
 * beside itself and replaces it as a whole. Depends only on the root package.
 *
 * <p>May import: {@code org.moshsim}, {@code com.fasterxml.jackson}, {@code org.apache.commons.csv}.
 */
package org.moshsim.metrics;
