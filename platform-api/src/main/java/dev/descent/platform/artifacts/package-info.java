/**
 * Artifacts: the files a run leaves behind, each a safetensors file — every checkpoint its workers took and, once it
 * succeeded, its final model ({@link dev.descent.platform.artifacts.ArtifactKind}).
 * {@link dev.descent.platform.artifacts.ArtifactStore} keeps small ones in PostgreSQL and large ones in a configured
 * directory ({@link dev.descent.platform.artifacts.ArtifactProperties}) with their SHA-256 in PostgreSQL, and deletes
 * them (rows and files) with their run as a {@code runs.RunData}. The API lists and streams them under
 * {@code /api/runs/{id}/artifacts} and {@code /api/runs/{id}/model.safetensors}. It may import {@code runs},
 * {@code web} and training-core's contract ({@code Checkpoint}).
 */
package dev.descent.platform.artifacts;
