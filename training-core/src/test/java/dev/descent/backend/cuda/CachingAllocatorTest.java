package dev.descent.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The caching allocator over a fake driver that hands out addresses and can run out of memory. */
class CachingAllocatorTest {
    private long next = 0x1000, capacity = Long.MAX_VALUE, inUse;
    private final List<Long> freed = new ArrayList<>();
    private final Map<Long, Long> sizes = new HashMap<>();
    private int syncs;

    private final CachingAllocator allocator = new CachingAllocator(
            bytes -> {
                if (inUse + bytes > capacity) return 0;
                inUse += bytes;
                long p = next;
                sizes.put(p, bytes);
                next += bytes;
                return p;
            },
            p -> {
                freed.add(p);
                inUse -= sizes.remove(p);
            },
            () -> syncs++);

    @Test
    void sizesRoundTo512BytesBelowOneMebibyteAndTo2MebibytesAbove() {
        assertThat(CachingAllocator.round(0)).isEqualTo(512);
        assertThat(CachingAllocator.round(1)).isEqualTo(512);
        assertThat(CachingAllocator.round(513)).isEqualTo(1024);
        assertThat(CachingAllocator.round((1 << 20) - 1)).isEqualTo(1 << 20);
        assertThat(CachingAllocator.round((1 << 20) + 1)).isEqualTo(2 << 20);
        assertThat(CachingAllocator.round((5 << 20) + 7)).isEqualTo(6 << 20);
    }

    @Test
    void aReleasedBlockIsReusedForTheSameRoundedSizeWithoutTheDriver() {
        long a = allocator.allocate(1000);
        allocator.release(a, 1000);
        long b = allocator.allocate(1020);
        assertThat(b).isEqualTo(a);
        assertThat(allocator.stats())
                .containsEntry("allocations", 2L)
                .containsEntry("cache_hits", 1L)
                .containsEntry("driver_allocations", 1L)
                .containsEntry("allocated_bytes", 1024L)
                .containsEntry("reserved_bytes", 1024L)
                .containsEntry("cached_bytes", 0L);
        long c = allocator.allocate(4000);
        assertThat(c).isNotEqualTo(a);
        assertThat(allocator.stats()).containsEntry("peak_allocated_bytes", 1024L + 4096L);
    }

    @Test
    void outOfMemoryGivesTheCacheBackAndRetriesOnce() {
        capacity = 4 << 20;
        long a = allocator.allocate(2 << 20);
        allocator.release(a, 2 << 20);
        long b = allocator.allocate(4 << 20); // does not fit beside the cached 2 MiB block
        assertThat(freed).containsExactly(a);
        assertThat(syncs).as("the device is synchronised before blocks go back").isEqualTo(1);
        assertThat(b).isNotZero();
        assertThat(allocator.stats()).containsEntry("cache_flushes", 1L).containsEntry("reserved_bytes", 4L << 20);
    }

    @Test
    void outOfMemoryWithNothingCachedSaysHowMuchWasAsked() {
        capacity = 1 << 20;
        assertThatThrownBy(() -> allocator.allocate(8 << 20))
                .isInstanceOf(CudaException.class)
                .hasMessageStartingWith("CUDA out of memory: tried to allocate 8.0 MiB");
    }
}
