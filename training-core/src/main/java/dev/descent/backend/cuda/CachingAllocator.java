package dev.descent.backend.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.LongUnaryOperator;

/**
 * Device memory in blocks of rounded sizes, kept for reuse when their storage dies instead of returned to the driver:
 * cuMemAlloc and cuMemFree synchronise the device, a training step allocates the same sizes every time. Sizes round up
 * to 512 bytes below 1 MiB and to 2 MiB above. A freed block is reused only by work queued after its release on the
 * same stream, so the reuse is ordered after every kernel that used it. When the driver is out of memory, the cache is
 * returned to it and the allocation retried once.
 */
final class CachingAllocator {
    static final long SMALL = 1 << 20;
    static final long SMALL_ROUND = 512;
    static final long LARGE_ROUND = 2 << 20;

    private final LongUnaryOperator malloc; // bytes -> pointer, 0 when out of memory
    private final LongConsumer free;
    private final Runnable synchronize;
    private final Map<Long, ArrayDeque<Long>> cached = new HashMap<>();
    private long allocated, reserved, peakAllocated, cachedBytes, allocations, reuses, driverAllocations, flushes;

    CachingAllocator(LongUnaryOperator malloc, LongConsumer free, Runnable synchronize) {
        this.malloc = malloc;
        this.free = free;
        this.synchronize = synchronize;
    }

    static long round(long bytes) {
        long b = Math.max(bytes, 1);
        long unit = b < SMALL ? SMALL_ROUND : LARGE_ROUND;
        return (b + unit - 1) / unit * unit;
    }

    /** A block of at least {@code bytes}; its size is {@link #round}{@code (bytes)}. */
    synchronized long allocate(long bytes) {
        long size = round(bytes);
        allocations++;
        ArrayDeque<Long> pool = cached.get(size);
        long ptr;
        if (pool != null && !pool.isEmpty()) {
            ptr = pool.pop();
            cachedBytes -= size;
            reuses++;
        } else {
            ptr = malloc.applyAsLong(size);
            if (ptr == 0) {
                emptyCache();
                ptr = malloc.applyAsLong(size);
                if (ptr == 0) {
                    throw new CudaException(
                            "CUDA out of memory: tried to allocate " + mib(size) + " with " + mib(allocated)
                                    + " allocated by Descent (descent.cuda.memory " + stats() + ")",
                            2);
                }
            }
            driverAllocations++;
            reserved += size;
        }
        allocated += size;
        peakAllocated = Math.max(peakAllocated, allocated);
        return ptr;
    }

    /** Returns a block from {@link #allocate} to the cache. */
    synchronized void release(long ptr, long bytes) {
        long size = round(bytes);
        cached.computeIfAbsent(size, k -> new ArrayDeque<>()).push(ptr);
        cachedBytes += size;
        allocated -= size;
    }

    /** Gives every cached block back to the driver (after the device has finished with them). */
    synchronized void emptyCache() {
        if (cachedBytes == 0) return;
        synchronize.run();
        cached.forEach((size, pool) -> {
            for (long p : pool) {
                free.accept(p);
                reserved -= size;
            }
        });
        cached.clear();
        cachedBytes = 0;
        flushes++;
    }

    /** The figures published as {@code descent.cuda.memory}: bytes and counts. */
    synchronized Map<String, Long> stats() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("allocated_bytes", allocated);
        m.put("peak_allocated_bytes", peakAllocated);
        m.put("reserved_bytes", reserved);
        m.put("cached_bytes", cachedBytes);
        m.put("allocations", allocations);
        m.put("cache_hits", reuses);
        m.put("driver_allocations", driverAllocations);
        m.put("cache_flushes", flushes);
        return m;
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
