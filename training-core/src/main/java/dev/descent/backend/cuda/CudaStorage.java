package dev.descent.backend.cuda;

import dev.descent.backend.Backend;
import dev.descent.backend.DType;
import dev.descent.backend.Storage;
import java.lang.ref.Cleaner;

/**
 * A block of device memory from the {@link CachingAllocator}; it goes back to the cache when the storage becomes
 * unreachable (tensors have no close, as in PyTorch, where the last reference frees it).
 */
final class CudaStorage extends Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final CudaBackend backend;
    /** The device address of element 0. */
    final long ptr;

    CudaStorage(CudaBackend backend, DType dtype, int size, CachingAllocator allocator) {
        super(dtype, size);
        this.backend = backend;
        long bytes = (long) size * dtype.byteSize();
        long p = allocator.allocate(bytes);
        this.ptr = p;
        CLEANER.register(this, () -> allocator.release(p, bytes));
    }

    @Override
    public Backend backend() {
        return backend;
    }

    /** The device address of element {@code index}. */
    long address(int index) {
        return ptr + (long) index * dtype().byteSize();
    }
}
