/**
 * Model configs: model specs stored as immutable, versioned rows of the {@code models} table, each validated by
 * building it with training-core's shape inference; a model (all versions of a name) can be renamed, and a version no
 * run uses deleted, which runs tells through the {@code ModelUsage} it implements. It owns that table; it may import
 * {@code web}, {@code security} ({@code Ownership}: only a name's owner adds versions, renames or deletes) and
 * training-core's contract ({@code ModelSpec}, {@code ModelBuilder.summarize}).
 */
package dev.descent.platform.models;
