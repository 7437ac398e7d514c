package org.darts4j.tensor.cpu;

import org.darts4j.tensor.Backend;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Storage;

/** A Java array: {@code float[]} for float32, {@code double[]} for float64. Exactly one of the two is non-null. */
public final class CpuStorage implements Storage {
    final float[] f;
    final double[] d;

    CpuStorage(float[] f) { this.f = f; this.d = null; }

    CpuStorage(double[] d) { this.f = null; this.d = d; }

    static CpuStorage of(Storage s) {
        if (s instanceof CpuStorage c) return c;
        throw new IllegalArgumentException("expected a tensor on the cpu, got one on " + s.backend().device());
    }

    @Override public DType dtype() { return f != null ? DType.FLOAT32 : DType.FLOAT64; }

    @Override public int length() { return f != null ? f.length : d.length; }

    @Override public Backend backend() { return CpuBackend.get(); }

    /** The float32 array (package code and kernels only). */
    public float[] floats() { return f; }

    /** The float64 array (package code and kernels only). */
    public double[] doubles() { return d; }
}
