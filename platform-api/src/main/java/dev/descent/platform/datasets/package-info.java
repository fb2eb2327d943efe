/**
 * Datasets: uploads (IDX, CSV), the Fashion-MNIST package, URL sources and synthetic sets, read with training-core's
 * readers before anything is stored, kept once by content in the {@code blobs}, {@code datasets} and
 * {@code dataset_files} tables, loaded back (and cached) for training, and shown as samples or PNG strips. It owns
 * those tables and {@code dataset_refs} (who holds a shared dataset); it may import {@code web}, {@code security}
 * ({@code Ownership}) and training-core's {@code data} and {@code tensor} APIs. Which runs use a dataset it asks
 * through {@link dev.descent.platform.datasets.DatasetUsage}, which the runs feature provides.
 */
package dev.descent.platform.datasets;
