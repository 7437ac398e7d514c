package org.darts4j.darts.hypergradient;

/**
 * The estimators of dL_val(w*(α), α)/dα by name, for Java users ({@code SearchConfig.small().withHypergradient(
 * Hypergradients.exact())}); {@link HypergradientEstimator#parse} is the same choice by the command line's names.
 */
public final class Hypergradients {
    private Hypergradients() {}

    /** ∇_α L_val(w, α): the DARTS first-order approximation (ξ = 0). */
    public static HypergradientEstimator firstOrder() { return new FirstOrderHypergradient(); }

    /** The DARTS second-order approximation, its Hessian-vector product by central differences at the reference's r = 0.01. */
    public static HypergradientEstimator finiteDifference() { return finiteDifference(0.01); }

    /** As {@link #finiteDifference()} with ε = r / ‖∇_w' L_val‖. */
    public static HypergradientEstimator finiteDifference(double r) { return new FiniteDifferenceHypergradient(r); }

    /** The one-step unrolled hypergradient with the Hessian-vector product by double backpropagation. */
    public static HypergradientEstimator exact() { return new ExactHypergradient(); }

    /** Backpropagation through {@code steps} unrolled SGD steps of w. */
    public static HypergradientEstimator unrolled(int steps) { return new UnrolledHypergradient(steps); }

    /** The implicit function theorem with the inverse Hessian as a Neumann series of {@code k} terms. */
    public static HypergradientEstimator neumann(int k) { return new NeumannHypergradient(k); }

    /** The implicit function theorem, the linear system solved by {@code k} conjugate-gradient iterations (Tikhonov damping). */
    public static HypergradientEstimator conjugateGradient(int k, double damping) { return new ConjugateGradientHypergradient(k, damping); }

    /** The implicit function theorem, the linear system solved by MINRES to a relative residual of 10⁻⁶. */
    public static HypergradientEstimator implicit() { return implicit(1e-6, 0); }

    /** As {@link #implicit()} to the relative residual {@code tol}, with Tikhonov {@code damping}. */
    public static HypergradientEstimator implicit(double tol, double damping) { return new MinresHypergradient(tol, 500, damping); }
}
