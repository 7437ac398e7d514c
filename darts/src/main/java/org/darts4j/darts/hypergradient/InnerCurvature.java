package org.darts4j.darts.hypergradient;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.darts4j.autograd.Variable;
import org.darts4j.tensor.Tensor;

/**
 * The two ends of the spectrum of the inner Hessian A = ∇²_w L_train(w, α) + λI, which decide whether the implicit
 * estimators can work: conjugate gradient needs A + δI positive definite (δ > −λ_min), the Neumann series with step ξ
 * needs 0 < ξλ &lt; 2 for every eigenvalue. By power iteration: first on A (the eigenvalue of largest magnitude, λ₁),
 * then on A − λ₁I (whose dominant eigenvalue is the other end minus λ₁).
 */
public final class InnerCurvature {
    private InnerCurvature() {}

    /** Estimates of the ends of the spectrum after {@code iterations} products each: {largest, smallest}. */
    public record Ends(double largest, double smallest) {}

    public static Ends of(BilevelProblem p, double weightDecay, int iterations, long seed) {
        TrainHessian h = new TrainHessian(p);
        double first = dominant(h, weightDecay, 0, p.weights(), iterations, seed);
        double other = dominant(h, weightDecay, -first, p.weights(), iterations, seed + 1) + first;
        return new Ends(Math.max(first, other), Math.min(first, other));
    }

    /** Rayleigh quotient after power iteration on A + shift·I. */
    private static double dominant(TrainHessian h, double weightDecay, double shift, List<Variable> w, int iterations, long seed) {
        Random r = new Random(seed);
        List<Tensor> u = new ArrayList<>();
        for (Variable v : w) {
            double[] d = new double[v.data().numel()];
            for (int i = 0; i < d.length; i++) d[i] = r.nextGaussian();
            u.add(Tensor.of(d, v.data().shape().dims()).to(v.data().dtype()));
        }
        u = Vectors.scale(u, 1 / Vectors.norm(u));
        double q = 0;
        for (int i = 0; i < iterations; i++) {
            List<Tensor> au = h.shifted(u, weightDecay + shift);
            q = Vectors.dot(u, au);
            double n = Vectors.norm(au);
            if (n == 0) return 0;
            u = Vectors.scale(au, 1 / n);
        }
        return q;
    }
}
