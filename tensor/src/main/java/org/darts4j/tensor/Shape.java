package org.darts4j.tensor;

import java.util.Arrays;

/** The sizes of a tensor's dimensions. Immutable. Images are NCHW. */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) { this.dims = dims; }

    public static Shape of(int... dims) {
        for (int d : dims) if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
        return new Shape(dims.clone());
    }

    public static final Shape SCALAR = new Shape(new int[0]);

    public int rank() { return dims.length; }

    /** Size of dimension {@code i}; negative {@code i} counts from the end. */
    public int dim(int i) { return dims[axis(i)]; }

    public int[] dims() { return dims.clone(); }

    public int numel() {
        long n = 1;
        for (int d : dims) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + this + " has more than 2^31-1 elements");
        return (int) n;
    }

    /** Normalises a possibly negative axis and checks its range. */
    public int axis(int i) {
        int a = i < 0 ? i + dims.length : i;
        if (a < 0 || a >= dims.length)
            throw new IllegalArgumentException("dimension " + i + " out of range for shape " + this);
        return a;
    }

    /** Row-major strides of a contiguous tensor of this shape. */
    public int[] contiguousStrides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) { s[i] = acc; acc *= Math.max(dims[i], 1); }
        return s;
    }

    /** The NumPy broadcast of two shapes, or an error naming the operation and both shapes. */
    public static Shape broadcast(String op, Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
            int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b + " do not broadcast");
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /** A copy with dimension {@code axis} replaced. */
    public Shape with(int axis, int size) {
        int[] d = dims.clone();
        d[axis(axis)] = size;
        return new Shape(d);
    }

    @Override public boolean equals(Object o) { return o instanceof Shape s && Arrays.equals(dims, s.dims); }
    @Override public int hashCode() { return Arrays.hashCode(dims); }
    @Override public String toString() { return Arrays.toString(dims); }
}
