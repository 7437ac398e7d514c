package org.darts4j.tensor.io;

import java.util.Arrays;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.Tensor;

/**
 * One array as stored in an NPY file: its shape, its NumPy type string and its values, row-major. Floating arrays
 * become tensors of their own precision; integer arrays (labels) are read with {@link #longs()}.
 */
public final class NpyArray {
    private final Shape shape;
    private final String descr;
    private final double[] doubles;
    private final float[] floats;
    private final long[] longs;

    NpyArray(Shape shape, String descr, double[] doubles, float[] floats, long[] longs) {
        this.shape = shape;
        this.descr = descr;
        this.doubles = doubles;
        this.floats = floats;
        this.longs = longs;
    }

    public static NpyArray of(Tensor t) {
        return t.dtype() == DType.FLOAT32
                ? new NpyArray(t.shape(), "<f4", null, t.toFloatArray(), null)
                : new NpyArray(t.shape(), "<f8", t.toDoubleArray(), null, null);
    }

    public static NpyArray ofLongs(long[] values, int... shape) {
        Shape s = Shape.of(shape);
        if (s.numel() != values.length) throw new IllegalArgumentException(values.length + " values do not fill shape " + s);
        return new NpyArray(s, "<i8", null, null, values.clone());
    }

    public Shape shape() { return shape; }

    /** The NumPy type string, such as {@code <f8} or {@code <i8}. */
    public String descr() { return descr; }

    public boolean isInteger() { return longs != null; }

    /** The values as a tensor of the stored precision (integers become float64). */
    public Tensor toTensor() {
        if (floats != null) return Tensor.of(floats, shape.dims());
        return Tensor.fromArray(DType.FLOAT64, values(), shape.dims());
    }

    public Tensor toTensor(DType dtype) { return toTensor().to(dtype); }

    /** The values as doubles, whatever the stored type. */
    public double[] values() {
        if (doubles != null) return doubles.clone();
        double[] d = new double[shape.numel()];
        for (int i = 0; i < d.length; i++) d[i] = floats != null ? floats[i] : longs[i];
        return d;
    }

    /** Integer values; floating values must be whole numbers. */
    public long[] longs() {
        if (longs != null) return longs.clone();
        double[] v = values();
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) throw new IllegalArgumentException("array of type " + descr + " holds non-integer " + v[i]);
            out[i] = (long) v[i];
        }
        return out;
    }

    double[] rawDoubles() { return doubles; }
    float[] rawFloats() { return floats; }
    long[] rawLongs() { return longs; }

    @Override public String toString() { return "NpyArray" + shape + " " + descr + " " + Arrays.toString(Arrays.copyOf(values(), Math.min(8, shape.numel()))); }
}
