package org.darts4j.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;

/**
 * Gradient checking in float64 by central differences, like {@code torch.autograd.gradcheck}: the analytical
 * vector-Jacobian product {@code Σ_i ⟨∂out_i/∂x, r_i⟩} for random {@code r_i} against
 * {@code (φ(x + ε e_k) − φ(x − ε e_k)) / 2ε} with {@code φ = Σ_i ⟨out_i, r_i⟩}, for every element k of every input.
 * {@link #gradgradcheck} applies the same check to the gradient function itself (second order).
 */
public final class GradCheck {
    private GradCheck() {}

    /** The outcome: the largest error found and, when it failed, where. */
    public record Result(boolean passed, double maxError, String message) {}

    public static final double EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;

    /** First-order check of a function with one output. */
    public static Result gradcheck(Function<List<Variable>, Variable> f, List<Tensor> inputs) {
        return check(v -> List.of(f.apply(v)), inputs, EPS, ATOL, RTOL, 7);
    }

    /** Second-order check: the gradient of {@code f} for a random upstream gradient is itself gradient-checked. */
    public static Result gradgradcheck(Function<List<Variable>, Variable> f, List<Tensor> inputs) {
        Variable probe = f.apply(params(inputs));
        Tensor gOut = Tensor.normal(new Generator(11), DType.FLOAT64, 0, 1, probe.shape().dims());
        List<Tensor> all = new ArrayList<>(inputs);
        all.add(gOut);
        int n = inputs.size();
        return check(vars -> {
            List<Variable> xs = vars.subList(0, n);
            Variable out = f.apply(xs);
            return Autograd.grad(List.of(out), xs, List.of(vars.get(n)), true);
        }, all, EPS, ATOL, RTOL, 13);
    }

    private static List<Variable> params(List<Tensor> inputs) {
        List<Variable> vs = new ArrayList<>();
        for (Tensor t : inputs) {
            if (t.dtype() != DType.FLOAT64) throw new IllegalArgumentException("gradcheck: inputs must be float64, got " + t.dtype());
            vs.add(Variable.parameter(t));
        }
        return vs;
    }

    /** The general check of a function with several outputs. */
    public static Result check(Function<List<Variable>, List<Variable>> f, List<Tensor> inputs,
                               double eps, double atol, double rtol, long seed) {
        List<Variable> xs = params(inputs);
        List<Variable> outs = f.apply(xs);
        Generator gen = new Generator(seed);
        List<Variable> rs = new ArrayList<>();
        for (Variable o : outs) rs.add(Variable.constant(Tensor.normal(gen, DType.FLOAT64, 0, 1, o.shape().dims())));
        List<Variable> live = new ArrayList<>(), liveR = new ArrayList<>();
        for (int i = 0; i < outs.size(); i++) {
            if (outs.get(i).requiresGrad()) { live.add(outs.get(i)); liveR.add(rs.get(i)); }
        }
        List<Variable> analytic = live.isEmpty() ? zeros(xs) : Autograd.grad(live, xs, liveR, false);
        double worst = 0;
        for (int i = 0; i < inputs.size(); i++) {
            double[] base = inputs.get(i).toDoubleArray();
            double[] a = analytic.get(i).data().toDoubleArray();
            int[] dims = inputs.get(i).dims();
            for (int k = 0; k < base.length; k++) {
                double[] plus = base.clone(), minus = base.clone();
                plus[k] += eps;
                minus[k] -= eps;
                double fp = phi(f, inputs, i, Tensor.of(plus, dims), rs);
                double fm = phi(f, inputs, i, Tensor.of(minus, dims), rs);
                double numeric = (fp - fm) / (2 * eps);
                double err = Math.abs(numeric - a[k]);
                worst = Math.max(worst, err);
                if (!(err <= atol + rtol * Math.abs(numeric)))
                    return new Result(false, err, "input " + i + " element " + k + ": analytical " + a[k] + ", numerical " + numeric);
            }
        }
        return new Result(true, worst, "ok");
    }

    private static List<Variable> zeros(List<Variable> xs) {
        List<Variable> z = new ArrayList<>();
        for (Variable x : xs) z.add(Variable.constant(Tensor.zerosLike(x.data())));
        return z;
    }

    private static double phi(Function<List<Variable>, List<Variable>> f, List<Tensor> inputs, int which, Tensor replaced,
                              List<Variable> rs) {
        List<Variable> vs = new ArrayList<>();
        // parameters, with recording on: the function may itself differentiate (the second-order check does)
        for (int j = 0; j < inputs.size(); j++) vs.add(Variable.parameter(j == which ? replaced : inputs.get(j)));
        try (var s = GradMode.enableGrad()) {
            List<Variable> outs = f.apply(vs);
            double total = 0;
            for (int o = 0; o < outs.size(); o++) total += outs.get(o).data().mul(rs.get(o).data()).sum().item();
            return total;
        }
    }
}
