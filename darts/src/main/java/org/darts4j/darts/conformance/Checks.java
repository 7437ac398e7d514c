package org.darts4j.darts.conformance;

import java.util.Arrays;
import java.util.Map;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.io.NpyArray;

/** Collects a case's comparisons: keeps the largest error and the first failure, and makes the case's result. */
final class Checks {
    private final Map<String, NpyArray> arrays;
    private final Tolerance tol;
    private final Backend backend;
    private double worst;
    private String failure;

    Checks(Map<String, NpyArray> arrays, Tolerance tol, Backend backend) {
        this.arrays = arrays;
        this.tol = tol;
        this.backend = backend;
    }

    /** {@code got} against the whole array {@code key}. */
    void compare(String key, Tensor got) {
        NpyArray want = arrays.get(key);
        if (want == null) { fail(key + ": missing from the case's NPZ"); return; }
        compare(key, got, want.shape(), want.values());
    }

    /** {@code got} against entry {@code t} along the first axis of {@code key} (a per-step record). */
    void compare(String key, int t, Tensor got) {
        NpyArray want = arrays.get(key);
        if (want == null) { fail(key + ": missing from the case's NPZ"); return; }
        int[] dims = want.shape().dims();
        int n = want.shape().numel() / dims[0];
        double[] all = want.values(), row = new double[n];
        System.arraycopy(all, t * n, row, 0, n);
        compare(key + "[" + t + "]", got, Shape.of(Arrays.copyOfRange(dims, 1, dims.length)), row);
    }

    private void compare(String key, Tensor got, Shape shape, double[] ev) {
        if (got.backend() != backend) { fail(key + ": computed on " + got.device() + ", not on " + backend.device()); return; }
        if (!got.shape().equals(shape)) { fail(key + ": shape " + got.shape() + ", expected " + shape); return; }
        double[] gv = got.to(DType.FLOAT64).toDoubleArray();
        Tolerance.Comparison c = tol.compare(gv, ev);
        worst = Math.max(worst, c.maxError());
        if (c.firstBad() >= 0) fail(key + "[" + c.firstBad() + "]: got " + gv[c.firstBad()] + ", expected " + ev[c.firstBad()]);
    }

    void fail(String message) { if (failure == null) failure = message; }

    CaseResult result(String name) {
        return failure == null ? new CaseResult(name, CaseResult.Status.PASS, worst, "") : new CaseResult(name, CaseResult.Status.FAIL, worst, failure);
    }
}
