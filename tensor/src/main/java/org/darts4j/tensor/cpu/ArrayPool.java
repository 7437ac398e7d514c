package org.darts4j.tensor.cpu;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Arrays of recycled tensors ({@link org.darts4j.tensor.Recycling}), kept by exact length for the next allocation of
 * that length: a search step allocates the same shapes step after step, so exact lengths match and nothing is split.
 * Arrays under {@link #MIN_LENGTH} elements are left to the collector (they live and die in the young generation,
 * cheaply); the pool holds at most {@link #capacityBytes} bytes and lets go of what would exceed it.
 */
final class ArrayPool {
    /** 16 Ki elements: 64 KiB of float32, the launcher's PretenureSizeThreshold, from which arrays go to the old generation. */
    static final int MIN_LENGTH = 1 << 14;

    private final HashMap<Integer, ArrayDeque<float[]>> floats = new HashMap<>();
    private final HashMap<Integer, ArrayDeque<double[]>> doubles = new HashMap<>();
    private final long capacityBytes;
    private long bytes;
    private long reused;

    ArrayPool(long capacityBytes) { this.capacityBytes = capacityBytes; }

    /** An eighth of the heap the JVM may grow to. */
    static ArrayPool forThisJvm() { return new ArrayPool(Runtime.getRuntime().maxMemory() / 8); }

    /**
     * Whether arrays handed out without clearing ({@link #floatsUninitialized}) are filled with NaN first: the tests
     * run so ({@code -Ddarts4j.poisonUninitialized=true}), so that a kernel that leaves an element of such an output
     * unwritten shows as NaN instead of reading another tensor's stale values.
     */
    static final boolean POISON = Boolean.getBoolean("darts4j.poisonUninitialized");

    /** Recycled arrays from this length on are cleared by the pool's threads together. */
    private static final int PARALLEL_FILL = 1 << 17;

    /** A zero-filled float array of {@code n} elements, recycled when one is pooled, else new. */
    float[] floats(int n) {
        float[] a = n < MIN_LENGTH ? null : take(floats, n, 4L);
        if (a == null) return new float[n];
        if (n < PARALLEL_FILL) Arrays.fill(a, 0f);
        else Parallel.range(n, PARALLEL_FILL / 2, (from, to) -> Arrays.fill(a, from, to, 0f));
        return a;
    }

    double[] doubles(int n) {
        double[] a = n < MIN_LENGTH ? null : take(doubles, n, 8L);
        if (a == null) return new double[n];
        if (n < PARALLEL_FILL) Arrays.fill(a, 0d);
        else Parallel.range(n, PARALLEL_FILL / 2, (from, to) -> Arrays.fill(a, from, to, 0d));
        return a;
    }

    /**
     * A float array of {@code n} elements whose values are undefined (PyTorch's {@code torch.empty}), for a kernel that
     * writes every element: recycled when one is pooled, without clearing it; else new.
     */
    float[] floatsUninitialized(int n) {
        float[] a = n < MIN_LENGTH ? null : take(floats, n, 4L);
        if (a == null) a = new float[n];
        if (POISON) Arrays.fill(a, Float.NaN);
        return a;
    }

    double[] doublesUninitialized(int n) {
        double[] a = n < MIN_LENGTH ? null : take(doubles, n, 8L);
        if (a == null) a = new double[n];
        if (POISON) Arrays.fill(a, Double.NaN);
        return a;
    }

    void give(float[] a) { put(floats, a, a.length, 4L); }

    void give(double[] a) { put(doubles, a, a.length, 8L); }

    private synchronized <A> A take(HashMap<Integer, ArrayDeque<A>> lists, int n, long width) {
        ArrayDeque<A> list = lists.get(n);
        A a = list == null ? null : list.pollLast();
        if (a != null) { bytes -= n * width; reused++; }
        return a;
    }

    private synchronized <A> void put(HashMap<Integer, ArrayDeque<A>> lists, A a, int n, long width) {
        if (n < MIN_LENGTH || bytes + n * width > capacityBytes) return;
        lists.computeIfAbsent(n, k -> new ArrayDeque<>()).addLast(a);
        bytes += n * width;
    }

    /** Bytes held now. */
    synchronized long bytes() { return bytes; }

    /** Allocations served from the pool so far. */
    synchronized long reused() { return reused; }
}
