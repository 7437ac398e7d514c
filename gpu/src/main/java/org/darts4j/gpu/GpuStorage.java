package org.darts4j.gpu;

import java.lang.ref.Cleaner;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Storage;

/**
 * A device buffer. {@link #close} gives it back to its backend's {@link MemoryPool} at once; a buffer nobody closed goes
 * back when the garbage collector finds it unreachable (the safety net), so tensors can be dropped as on the CPU.
 */
public final class GpuStorage implements Storage, AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final GpuBackend backend;
    private final DType dtype;
    private final int length;
    private final MemoryPool.Block block;
    private final Cleaner.Cleanable cleanable;

    GpuStorage(GpuBackend backend, DType dtype, int length, MemoryPool.Block block, MemoryPool pool) {
        this.backend = backend;
        this.dtype = dtype;
        this.length = length;
        this.block = block;
        this.cleanable = CLEANER.register(this, () -> pool.release(block));
    }

    static GpuStorage of(Storage s, GpuBackend expected) {
        if (s instanceof GpuStorage g && g.backend == expected) return g;
        throw new IllegalArgumentException("expected a tensor on " + expected.device() + ", got one on " + s.backend().device());
    }

    /** The device allocation (a {@code cl_mem} or a {@code CUdeviceptr}). */
    Object handle() { return block.handle(); }

    @Override public DType dtype() { return dtype; }

    @Override public int length() { return length; }

    @Override public Backend backend() { return backend; }

    /** Gives the buffer back to the pool now; idempotent. The tensors viewing it must not be used afterwards. */
    @Override public void close() { cleanable.clean(); }
}
