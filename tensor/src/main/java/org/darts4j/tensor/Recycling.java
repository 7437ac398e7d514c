package org.darts4j.tensor;

/**
 * Tensor memory handed back for reuse instead of left to the collector, as PyTorch's caching allocator reuses the
 * blocks of freed tensors. A scope is opened by a thread around work whose intermediate tensors it can account for
 * (a backward pass: see {@code Autograd}); every storage that thread allocates while the scope is innermost is stamped
 * with it, and {@link #recycle} hands such a storage back to its backend, whose next allocation of the same length
 * reuses it (zero-filled), with no garbage and no page to fault in.
 *
 * <p>The caller of {@link #recycle} guarantees that no tensor over that storage (the tensor itself or any view of it)
 * is read or written again. On the CPU a recycled storage drops its array, so a use after recycling fails with an
 * exception instead of reading another tensor's values. Storage allocated outside the scope, on another thread, or
 * by a backend that does not pool is never recycled: {@link #recycle} returns false and the collector takes it.
 */
public final class Recycling implements AutoCloseable {
    private static final ThreadLocal<Recycling> CURRENT = new ThreadLocal<>();

    private final Recycling outer;
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    private Recycling(Recycling outer) { this.outer = outer; }

    /** Opens a scope on the calling thread (try-with-resources); scopes nest, the innermost stamps new storage. */
    public static Recycling open() {
        Recycling r = new Recycling(CURRENT.get());
        CURRENT.set(r);
        return r;
    }

    /** The calling thread's innermost open scope, or null: what a backend stamps on the storage it allocates. */
    public static Recycling current() { return CURRENT.get(); }

    /** Whether the scope is still open: storage is recycled only while the scope that allocated it is. */
    public boolean isOpen() { return !closed; }

    /**
     * Hands the storage of {@code t} back to its backend when this scope allocated it and it has not been handed back
     * yet; returns whether it was. No tensor over that storage may be used afterwards.
     */
    public boolean recycle(Tensor t) {
        return !closed && Thread.currentThread() == owner && t.backend().recycle(t.storage(), this);
    }

    @Override public void close() {
        if (Thread.currentThread() != owner) throw new IllegalStateException("a Recycling scope is closed by the thread that opened it");
        if (CURRENT.get() != this) throw new IllegalStateException("Recycling scopes must be closed innermost first");
        closed = true;
        if (outer == null) CURRENT.remove(); else CURRENT.set(outer);
    }
}
