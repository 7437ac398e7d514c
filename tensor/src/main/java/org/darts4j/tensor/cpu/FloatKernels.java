package org.darts4j.tensor.cpu;

import org.darts4j.tensor.BinaryOp;
import org.darts4j.tensor.UnaryOp;

/**
 * Element-wise and reduction loops on unit-stride rows. The op switch sits outside each loop so that the loops stay
 * simple enough for the JIT to vectorise.
 * The float64 twin is generated from the float32 template by tensor/gen-double.sh: edit FloatKernels only. TWIN-NOTE
 */
final class FloatKernels {
    private FloatKernels() {}

    static void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] + b[bo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] - b[bo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * b[bo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] / b[bo + i]; }
            case POW -> { for (int i = 0; i < n; i++) o[oo + i] = (float) Math.pow(a[ao + i], b[bo + i]); }
            case MAXIMUM -> { for (int i = 0; i < n; i++) o[oo + i] = Math.max(a[ao + i], b[bo + i]); }
            case GT -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] > b[bo + i] ? 1 : 0; }
            case EQ -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] == b[bo + i] ? 1 : 0; }
        }
    }

    /** {@code o = a op s} for a scalar right operand. */
    static void binaryScalar(BinaryOp op, float[] a, int ao, float s, float[] o, int oo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] + s; }
            case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] - s; }
            case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * s; }
            case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] / s; }
            case POW -> {
                if (s == 2) { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] * a[ao + i]; }
                else { for (int i = 0; i < n; i++) o[oo + i] = (float) Math.pow(a[ao + i], s); }
            }
            case MAXIMUM -> { for (int i = 0; i < n; i++) o[oo + i] = Math.max(a[ao + i], s); }
            case GT -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] > s ? 1 : 0; }
            case EQ -> { for (int i = 0; i < n; i++) o[oo + i] = a[ao + i] == s ? 1 : 0; }
        }
    }

    static void unary(UnaryOp op, float[] x, int xo, float[] o, int oo, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) o[oo + i] = -x[xo + i]; }
            case EXP -> { for (int i = 0; i < n; i++) o[oo + i] = (float) Math.exp(x[xo + i]); }
            case LOG -> { for (int i = 0; i < n; i++) o[oo + i] = (float) Math.log(x[xo + i]); }
            case SQRT -> { for (int i = 0; i < n; i++) o[oo + i] = (float) Math.sqrt(x[xo + i]); }
            case RSQRT -> { for (int i = 0; i < n; i++) o[oo + i] = (float) (1 / Math.sqrt(x[xo + i])); }
            case RELU -> { for (int i = 0; i < n; i++) { float v = x[xo + i]; o[oo + i] = v < 0 ? 0 : v; } }
            case STEP -> { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] > 0 ? 1 : 0; }
            case ABS -> { for (int i = 0; i < n; i++) o[oo + i] = Math.abs(x[xo + i]); }
            case SIGN -> { for (int i = 0; i < n; i++) o[oo + i] = Math.signum(x[xo + i]); }
            case RECIPROCAL -> { for (int i = 0; i < n; i++) o[oo + i] = 1 / x[xo + i]; }
            case SQUARE -> { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] * x[xo + i]; }
        }
    }

    /** Sum of a row, accumulated in double in a fixed order. */
    static float sum(float[] x, int xo, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[xo + i];
            s1 += x[xo + i + 1];
            s2 += x[xo + i + 2];
            s3 += x[xo + i + 3];
        }
        for (; i < n; i++) s0 += x[xo + i];
        return (float) ((s0 + s1) + (s2 + s3));
    }

    /** Maximum of a row; NaN if any element is NaN. */
    static float max(float[] x, int xo, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = Math.max(m, x[xo + i]);
        return m;
    }

    /** Strided copy of n elements. */
    static void copy(float[] src, int so, int ss, float[] dst, int dOff, int ds, int n) {
        if (ss == 1 && ds == 1) System.arraycopy(src, so, dst, dOff, n);
        else if (ss == 0) { float v = src[so]; for (int i = 0; i < n; i++) dst[dOff + i * ds] = v; }
        else for (int i = 0; i < n; i++) dst[dOff + i * ds] = src[so + i * ss];
    }
}
