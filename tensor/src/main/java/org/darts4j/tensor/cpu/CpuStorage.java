package org.darts4j.tensor.cpu;

import org.darts4j.tensor.Backend;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Recycling;
import org.darts4j.tensor.Storage;

/**
 * A Java array: {@code float[]} for float32, {@code double[]} for float64. Exactly one of the two is non-null until the
 * storage is recycled ({@link Recycling}), when both are dropped: a use after that fails instead of reading the array's
 * next tensor.
 */
public final class CpuStorage implements Storage {
    float[] f;
    double[] d;
    private final DType dtype;
    private final int length;
    /** The scope that allocated this storage, or null: only that scope may recycle it. */
    private Recycling scope;

    CpuStorage(float[] f) { this(f, null); }

    CpuStorage(double[] d) { this(d, null); }

    CpuStorage(float[] f, Recycling scope) { this.f = f; this.d = null; this.dtype = DType.FLOAT32; this.length = f.length; this.scope = scope; }

    CpuStorage(double[] d, Recycling scope) { this.f = null; this.d = d; this.dtype = DType.FLOAT64; this.length = d.length; this.scope = scope; }

    static CpuStorage of(Storage s) {
        if (s instanceof CpuStorage c) return c;
        throw new IllegalArgumentException("expected a tensor on the cpu, got one on " + s.backend().device());
    }

    @Override public DType dtype() { return dtype; }

    @Override public int length() { return length; }

    @Override public Backend backend() { return CpuBackend.get(); }

    /** The float32 array (package code and kernels only). */
    public float[] floats() { return f; }

    /** The float64 array (package code and kernels only). */
    public double[] doubles() { return d; }

    /** Whether {@code s} allocated this storage and it still holds its array. */
    boolean recyclableBy(Recycling s) { return s != null && scope == s && s.isOpen() && (f != null || d != null); }

    /** Drops the array (for the pool): the storage is unusable from here on. */
    void drop() { f = null; d = null; scope = null; }
}
