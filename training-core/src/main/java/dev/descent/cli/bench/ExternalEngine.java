package dev.descent.cli.bench;

import dev.descent.data.Dataset;

/**
 * An engine the bench drives in a process of its own rather than through a {@link dev.descent.spec.TrainingEngine}
 * (PyTorch through its Python API): it takes the bench's workloads as a description and measures them itself.
 */
interface ExternalEngine {

    /** A sample of the GFLOP/s of {@code a [m, k] @ b [k, n]}, each sample lasting at least {@code minSeconds}. */
    EngineCase.Sample gemm(float[] a, float[] b, int m, int k, int n, double minSeconds);

    /** A sample of the seconds per training step of {@code workload} on {@code data}. */
    EngineCase.Sample training(TrainingWorkload workload, Dataset data);

    /** The peak resident memory of the engine's process so far, in bytes, or -1 if unknown. */
    long peakRssBytes();
}
