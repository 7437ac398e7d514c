package org.darts4j.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.darts4j.tensor.BinaryOp;
import org.darts4j.tensor.UnaryOp;

/**
 * Element-wise and reduction loops on unit-stride rows. The op switch sits outside each loop so that the loops stay
 * simple enough for the JIT to vectorise.
 * The float64 twin is generated from the float32 template by tensor/gen-double.sh: edit FloatKernels only. TWIN-NOTE
 */
final class DoubleKernels {
    private DoubleKernels() {}

    static void binary(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] + b[bo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] - b[bo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * b[bo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] / b[bo + i]; }
            case POW -> { for (int i = 0; i < n; i++) o[oo + i] = (double) Math.pow(a[ao + i], b[bo + i]); }
            case MAXIMUM -> { for (int i = 0; i < n; i++) o[oo + i] = Math.max(a[ao + i], b[bo + i]); }
            case GT -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] > b[bo + i] ? 1 : 0; }
            case EQ -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] == b[bo + i] ? 1 : 0; }
            case WHERE_POSITIVE -> wherePositive(a, ao, b, bo, o, oo, n);
        }
    }

    /** o = a where b &gt; 0, else 0 (relu's adjoint), by vector compare and blend like {@link #step}. */
    private static void wherePositive(double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) {
        int i = 0;
        if (Gemm.VECTORIZED) {
            VectorSpecies<Double> sp = DoubleVector.SPECIES_PREFERRED;
            DoubleVector zero = DoubleVector.zero(sp);
            for (; i + sp.length() <= n; i += sp.length()) {
                VectorMask<Double> positive = DoubleVector.fromArray(sp, b, bo + i).compare(VectorOperators.GT, 0);
                zero.blend(DoubleVector.fromArray(sp, a, ao + i), positive).intoArray(o, oo + i);
            }
        }
        for (; i < n; i++) o[oo + i] = b[bo + i] > 0 ? a[ao + i] : 0;
    }

    /** {@code dst[dOff + i] += src[so + i]} for i &lt; n, on vectors. */
    static void addInto(double[] src, int so, double[] dst, int dOff, int n) {
        int i = 0;
        if (Gemm.VECTORIZED) {
            VectorSpecies<Double> sp = DoubleVector.SPECIES_PREFERRED;
            for (; i + sp.length() <= n; i += sp.length())
                DoubleVector.fromArray(sp, dst, dOff + i).add(DoubleVector.fromArray(sp, src, so + i)).intoArray(dst, dOff + i);
        }
        for (; i < n; i++) dst[dOff + i] += src[so + i];
    }

    /** {@code o = a op s} for a scalar right operand. */
    static void binaryScalar(BinaryOp op, double[] a, int ao, double s, double[] o, int oo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] + s; }
            case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] - s; }
            case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * s; }
            case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] / s; }
            case POW -> {
                if (s == 2) { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * a[ao + i]; }
                else { for (int i = 0; i < n; i++) o[oo + i] = (double) Math.pow(a[ao + i], s); }
            }
            case MAXIMUM -> { for (int i = 0; i < n; i++) o[oo + i] = Math.max(a[ao + i], s); }
            case GT -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] > s ? 1 : 0; }
            case EQ -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] == s ? 1 : 0; }
            case WHERE_POSITIVE -> { for (int i = 0; i < n; i++) o[oo + i] = s > 0 ? a[ao + i] : 0; }
        }
    }

    static void unary(UnaryOp op, double[] x, int xo, double[] o, int oo, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) o[oo + i] = -x[xo + i]; }
            case EXP -> { for (int i = 0; i < n; i++) o[oo + i] = (double) Math.exp(x[xo + i]); }
            case LOG -> { for (int i = 0; i < n; i++) o[oo + i] = (double) Math.log(x[xo + i]); }
            case SQRT -> { for (int i = 0; i < n; i++) o[oo + i] = (double) Math.sqrt(x[xo + i]); }
            case RSQRT -> { for (int i = 0; i < n; i++) o[oo + i] = (double) (1 / Math.sqrt(x[xo + i])); }
            case RELU -> { for (int i = 0; i < n; i++) o[oo + i] = Math.max(x[xo + i], 0); }
            case STEP -> step(x, xo, o, oo, n);
            case ABS -> { for (int i = 0; i < n; i++) o[oo + i] = Math.abs(x[xo + i]); }
            case SIGN -> { for (int i = 0; i < n; i++) o[oo + i] = Math.signum(x[xo + i]); }
            case RECIPROCAL -> { for (int i = 0; i < n; i++) o[oo + i] = 1 / x[xo + i]; }
            case SQUARE -> { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] * x[xo + i]; }
        }
    }

    /** 1 where x &gt; 0, else 0, by vector compare and blend (a branch per element mispredicts on random signs). */
    private static void step(double[] x, int xo, double[] o, int oo, int n) {
        int i = 0;
        if (Gemm.VECTORIZED) {
            VectorSpecies<Double> sp = DoubleVector.SPECIES_PREFERRED;
            DoubleVector zero = DoubleVector.zero(sp), one = DoubleVector.broadcast(sp, 1);
            for (; i + sp.length() <= n; i += sp.length()) {
                DoubleVector v = DoubleVector.fromArray(sp, x, xo + i);
                zero.blend(one, v.compare(VectorOperators.GT, 0)).intoArray(o, oo + i);
            }
        }
        for (; i < n; i++) o[oo + i] = x[xo + i] > 0 ? 1 : 0;
    }

    /** Sum of a unit-stride row, accumulated in double in a fixed order. */
    static double sum(double[] x, int xo, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[xo + i];
            s1 += x[xo + i + 1];
            s2 += x[xo + i + 2];
            s3 += x[xo + i + 3];
        }
        for (; i < n; i++) s0 += x[xo + i];
        return (s0 + s1) + (s2 + s3);
    }

    /** Sum of a strided row, in double. */
    static double sum(double[] x, int xo, int stride, int n) {
        if (stride == 1) return sum(x, xo, n);
        double s = 0;
        for (int i = 0; i < n; i++) s += x[xo + i * stride];
        return s;
    }

    /** Maximum of a strided row, at least {@code m}; NaN if any element is NaN. */
    static double max(double[] x, int xo, int stride, int n, double m) {
        for (int i = 0; i < n; i++) m = Math.max(m, x[xo + i * stride]);
        return m;
    }

    /** Strided copy of n elements. */
    static void copy(double[] src, int so, int ss, double[] dst, int dOff, int ds, int n) {
        if (ss == 1 && ds == 1) System.arraycopy(src, so, dst, dOff, n);
        else if (ss == 0) { double v = src[so]; for (int i = 0; i < n; i++) dst[dOff + i * ds] = v; }
        else for (int i = 0; i < n; i++) dst[dOff + i * ds] = src[so + i * ss];
    }
}
