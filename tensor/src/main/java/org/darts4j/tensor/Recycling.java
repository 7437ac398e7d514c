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
 *
 * <p>A training step's scope ({@link #openStep}) goes further: the values of the operations of a graph that
 * {@code Variable.backward()} runs through, and that it allocated, are handed back as the pass consumes them (PyTorch
 * frees what a graph saved for backward the same way), as long as they hold at least {@link #MIN_VALUE_ELEMENTS}
 * elements. The opener promises not to read such an intermediate value after the backward pass unless it named it with
 * {@link #keep} first: leaves (parameters, inputs), the outputs backward starts from (the loss) and small tensors are
 * never handed back; a loop that reads its logits after backward keeps them.
 */
public final class Recycling implements AutoCloseable {
    private static final ThreadLocal<Recycling> CURRENT = new ThreadLocal<>();

    /** Values smaller than this (16 Ki elements) are never handed back by a step's backward pass: logits, losses, statistics. */
    public static final int MIN_VALUE_ELEMENTS = 1 << 14;

    private final Recycling outer;
    private final Thread owner = Thread.currentThread();
    private final boolean step;
    private boolean closed;

    private Recycling(Recycling outer, boolean step) { this.outer = outer; this.step = step; }

    /** Opens a scope on the calling thread (try-with-resources); scopes nest, the innermost stamps new storage. */
    public static Recycling open() { return open(false); }

    /**
     * Opens a training step's scope: as {@link #open}, and the large intermediate values of a graph built inside it are
     * handed back by its {@code backward()} as the pass consumes them (see above).
     */
    public static Recycling openStep() { return open(true); }

    private static Recycling open(boolean step) {
        Recycling r = new Recycling(CURRENT.get(), step);
        CURRENT.set(r);
        return r;
    }

    /** Whether a backward pass inside this scope hands back the graph's values it consumes ({@link #openStep}). */
    public boolean recyclesGraphValues() { return step && !closed; }

    private final java.util.Set<Storage> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** Keeps the storage of {@code t} (and so of every view of it) from being handed back by this scope. */
    public void keep(Tensor t) { kept.add(t.storage()); }

    /** Per storage, how many values over it the step still holds ({@link #hold}, {@link #letGo}). */
    private final java.util.IdentityHashMap<Storage, int[]> holders = new java.util.IdentityHashMap<>();

    /**
     * Counts one more value over the storage of {@code t} that the step holds: an operation's result, which its
     * program may still read. The storage is handed back when every such value has been let go ({@link #letGo}).
     */
    public void hold(Tensor t) { holders.computeIfAbsent(t.storage(), s -> new int[1])[0]++; }

    /**
     * One value over the storage of {@code t} is let go: its program will not read it again and no backward rule
     * needs it (PyTorch frees a tensor that neither Python nor the graph refers to). When that was the last value
     * {@link #hold held} over the storage, the storage is handed back as {@link #recycle} does, if it holds at least
     * {@link #MIN_VALUE_ELEMENTS} elements. Returns whether it was.
     */
    public boolean letGo(Tensor t) {
        Storage s = t.storage();
        int[] n = holders.get(s);
        if (n == null || --n[0] > 0) return false;
        holders.remove(s);
        return s.length() >= MIN_VALUE_ELEMENTS && recycle(t);
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
        boolean done = !closed && Thread.currentThread() == owner && !kept.contains(t.storage()) && t.backend().recycle(t.storage(), this);
        if (done) handedBack++;
        return done;
    }

    private long handedBack;

    /** How many storages this scope has handed back so far (tests, analysis). */
    public long handedBack() { return handedBack; }

    @Override public void close() {
        if (Thread.currentThread() != owner) throw new IllegalStateException("a Recycling scope is closed by the thread that opened it");
        if (CURRENT.get() != this) throw new IllegalStateException("Recycling scopes must be closed innermost first");
        closed = true;
        holders.clear();
        if (outer == null) CURRENT.remove(); else CURRENT.set(outer);
    }
}
