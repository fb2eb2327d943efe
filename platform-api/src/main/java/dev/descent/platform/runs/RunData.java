package dev.descent.platform.runs;

/**
 * Data another feature keeps per run without a foreign key to it (metric points: a key check per inserted row would
 * slow ingestion). {@link RunStore#delete} calls every one in the run's own delete transaction, so deleting a run
 * leaves nothing of it behind.
 */
public interface RunData {

    void deleteRun(long runId);
}
