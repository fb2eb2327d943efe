/**
 * Datasets and their loading: {@link dev.descent.data.Dataset}, the seeded prefetching
 * {@link dev.descent.data.DataLoader}, IDX (MNIST, Fashion-MNIST) and CSV readers that fail naming the file, row and
 * field, synthetic sets, splits. Imports the tensor core and {@code backend} only.
 */
package dev.descent.data;
