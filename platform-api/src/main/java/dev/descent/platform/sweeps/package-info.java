/**
 * Sweeps: many runs made from one base config (a grid, random draws, or the optimizer shoot-out), stopped early by
 * ASHA, and judged by one metric. {@link dev.descent.platform.sweeps.SweepService} expands and validates a request and
 * reads a sweep's verdict; {@link dev.descent.platform.sweeps.SweepStore} holds the SQL of the {@code sweeps} and
 * {@code sweep_rungs} tables and of {@code runs.sweep_id}; {@link dev.descent.platform.sweeps.AshaJudge} is the
 * {@code runs.EpochJudge} workers ask at each epoch's end. Runs are created, cancelled and deleted only through
 * {@code runs.RunService}. It may import {@code runs}, {@code models}, {@code datasets}, {@code web}, {@code security}
 * ({@code Ownership}) and training-core's contract and data API.
 */
package dev.descent.platform.sweeps;
