package org.darts4j.gpu;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Device buffers kept for reuse, by size class (sizes rounded up to a quarter power of two, at least 256 bytes), so
 * that the many short-lived tensors of a training step do not each cost a driver allocation. Released blocks come
 * back from any thread (the cleaner's included); allocation and freeing of device memory happen on the caller's.
 *
 * <p>Tensors nobody closed come back only when the Java collector finds them unreachable, and a GPU run allocates
 * little Java heap, so the collector may not run for a long time. So the pool keeps its footprint (live plus pooled
 * bytes) under a soft limit: past it, it asks for a collection, and if the block size it needs is still not pooled it
 * frees the pooled blocks (of other sizes) before it allocates. When a collection frees little (the live set really
 * is that large, as in double backpropagation) the limit grows to twice the live bytes.
 */
final class MemoryPool {
    /** One device allocation of {@code bytes} bytes. */
    record Block(Object handle, long bytes) {}

    /** The driver calls the pool needs. */
    interface Driver {
        /** A new allocation, or null when the device is out of memory. */
        Object allocate(long bytes);

        void free(Object handle);
    }

    private final Driver driver;
    private final Map<Long, ArrayDeque<Block>> free = new HashMap<>();
    private long inUse, pooled, peak, softLimit;

    MemoryPool(Driver driver, long softLimit) {
        this.driver = driver;
        this.softLimit = softLimit;
    }

    static long sizeClass(long bytes) {
        long b = Math.max(256, bytes);
        int shift = 63 - Long.numberOfLeadingZeros(b - 1) - 2;
        if (shift <= 0) return b;
        long step = 1L << shift;
        return (b + step - 1) / step * step;
    }

    private synchronized Block reuse(long size) {
        ArrayDeque<Block> q = free.get(size);
        if (q == null || q.isEmpty()) return null;
        Block b = q.pop();
        pooled -= size;
        inUse += size;
        peak = Math.max(peak, inUse);
        return b;
    }

    /** Runs the collector and waits (briefly) for the cleaner to hand back what it found. */
    private void collect() {
        long before = inUse();
        System.gc();
        for (int i = 0; i < 20 && inUse() >= before; i++) {
            try { Thread.sleep(5); } catch (InterruptedException e) { Thread.currentThread().interrupt(); return; }
        }
    }

    Block acquire(long bytes) {
        long size = sizeClass(bytes);
        Block reused = reuse(size);
        if (reused != null) return reused;
        if (footprint() + size > softLimit()) {
            collect();
            reused = reuse(size);
            synchronized (this) { if (inUse + size > softLimit) softLimit = 2 * (inUse + size); }
            if (reused != null) return reused;
            if (footprint() + size > softLimit()) trim();
        }
        Object h = driver.allocate(size);
        if (h == null) {
            // out of memory: return what the pool holds and what unreachable tensors hold, then try once more
            trim();
            collect();
            trim();
            h = driver.allocate(size);
            if (h == null)
                throw new IllegalStateException("device out of memory: " + size + " bytes requested, " + inUse() + " in use by live tensors");
        }
        synchronized (this) {
            inUse += size;
            peak = Math.max(peak, inUse);
        }
        return new Block(h, size);
    }

    synchronized void release(Block b) {
        free.computeIfAbsent(b.bytes(), k -> new ArrayDeque<>()).push(b);
        inUse -= b.bytes();
        pooled += b.bytes();
    }

    /** Frees every pooled block. */
    void trim() {
        java.util.List<Block> all = new java.util.ArrayList<>();
        synchronized (this) {
            free.values().forEach(all::addAll);
            free.clear();
            pooled = 0;
        }
        all.forEach(b -> driver.free(b.handle()));
    }

    synchronized long inUse() { return inUse; }

    synchronized long softLimit() { return softLimit; }

    /** Bytes allocated from the driver: live tensors' and pooled. */
    synchronized long footprint() { return inUse + pooled; }

    synchronized long pooled() { return pooled; }

    /** The most bytes live tensors held at once. */
    synchronized long peak() { return peak; }
}
