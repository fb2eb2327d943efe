/**
 * Comparing runs ({@code GET /api/compare}): their series of some keys on a shared x axis (step, fractional epoch or
 * seconds since each run started), downsampled to min/max/last buckets so no spike hides; their flattened train configs
 * with the parameters that differ marked; their metric results; as JSON or CSV. It may import {@code runs} (run views,
 * existence), {@code metrics} (the shared-grid read of the metric tables) and {@code web}; it owns no table.
 */
package dev.descent.platform.compare;
