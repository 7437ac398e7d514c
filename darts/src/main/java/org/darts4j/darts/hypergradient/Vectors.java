package org.darts4j.darts.hypergradient;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.tensor.Tensor;

/** Vectors that are lists of tensors (one per weight or α tensor): the linear algebra the estimators need. */
public final class Vectors {
    private Vectors() {}

    public static double dot(List<Tensor> a, List<Tensor> b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) s += a.get(i).mul(b.get(i)).sum().item();
        return s;
    }

    public static double norm(List<Tensor> a) { return Math.sqrt(dot(a, a)); }

    /** a + s·b. */
    public static List<Tensor> axpy(List<Tensor> a, double s, List<Tensor> b) {
        List<Tensor> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) out.add(a.get(i).add(b.get(i).mul(s)));
        return out;
    }

    /** s·a. */
    public static List<Tensor> scale(List<Tensor> a, double s) {
        List<Tensor> out = new ArrayList<>(a.size());
        for (Tensor t : a) out.add(t.mul(s));
        return out;
    }

    public static List<Tensor> zerosLike(List<Tensor> a) {
        List<Tensor> out = new ArrayList<>(a.size());
        for (Tensor t : a) out.add(Tensor.zerosLike(t));
        return out;
    }

    /** cos∠(a, b); 0 when either is zero. */
    public static double cosine(List<Tensor> a, List<Tensor> b) {
        double na = norm(a), nb = norm(b);
        return na == 0 || nb == 0 ? 0 : dot(a, b) / (na * nb);
    }

    /** ‖a − b‖ / ‖b‖ (‖a − b‖ when b is zero). */
    public static double relativeError(List<Tensor> a, List<Tensor> b) {
        double nb = norm(b), d = norm(axpy(a, -1, b));
        return nb == 0 ? d : d / nb;
    }

    /** All entries, in order, as one array. */
    public static double[] flatten(List<Tensor> a) {
        int n = 0;
        for (Tensor t : a) n += (int) t.numel();
        double[] out = new double[n];
        int o = 0;
        for (Tensor t : a) {
            double[] v = t.toDoubleArray();
            System.arraycopy(v, 0, out, o, v.length);
            o += v.length;
        }
        return out;
    }
}
