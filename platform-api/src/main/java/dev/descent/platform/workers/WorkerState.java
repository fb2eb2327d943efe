package dev.descent.platform.workers;

/** What a worker is doing, as the workers table and {@code GET /api/workers} say it (migration V3 checks the names). */
public enum WorkerState {
    /** Waiting for a run to claim. */
    IDLE,
    /** Training its current run. */
    BUSY,
    /** Shutting down: checkpointing its run to give it back. */
    STOPPING,
    /** Stopped, or silent for longer than a lease: it may have died without a word. */
    OFFLINE
}
