/**
 * Live streams: a run's Server-Sent Events ({@code GET /api/runs/{id}/stream}), fed by the run-events NOTIFY channel
 * from any process, each client with its own queue and sender so a slow one delays nobody. It owns no table; it may
 * import {@code web}, {@code notify}, {@code runs} (status events) and {@code metrics} (points read back when a batch
 * was too large for a NOTIFY).
 */
package dev.descent.platform.live;
