/**
 * Experiments: named groups of runs (the {@code experiments} table), shown with their runs. It may import {@code web},
 * {@code security} (the owner of a new experiment) and {@code runs} (for the runs it lists, and to provide
 * {@link dev.descent.platform.runs.ExperimentLookup}).
 */
package dev.descent.platform.experiments;
