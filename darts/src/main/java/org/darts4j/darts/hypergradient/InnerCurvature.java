package org.darts4j.darts.hypergradient;

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
        var w = Unrolling.values(p.weights());
        double first = PowerIteration.dominant(u -> h.shifted(u, weightDecay), w, iterations, 0, seed).value();
        double other = PowerIteration.dominant(u -> h.shifted(u, weightDecay - first), w, iterations, 0, seed + 1).value() + first;
        return new Ends(Math.max(first, other), Math.min(first, other));
    }
}
