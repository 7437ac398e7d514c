package org.darts4j.darts.hypergradient;

import java.util.List;

/** A way to estimate dL_val(w*(α), α)/dα. Each implementation states its formula in its Javadoc. */
public interface HypergradientEstimator {
    Hypergradient estimate(BilevelProblem problem, VirtualStep step);

    /** The name used on the command line. */
    String name();

    /** The forms {@link #parse} accepts. */
    List<String> NAMES = List.of("first-order", "finite-difference", "fd:r", "exact", "unroll:T", "neumann:K", "cg:K", "cg:K:damping",
            "implicit", "implicit:tol", "implicit:tol:damping");

    /**
     * {@code first-order}; {@code finite-difference} (the reference's r = 0.01) or {@code fd:r}; {@code exact};
     * {@code unroll:T}; {@code neumann:K}; {@code cg:K} or {@code cg:K:damping}; {@code implicit} (MINRES to 10⁻⁶),
     * {@code implicit:tol} or {@code implicit:tol:damping}.
     */
    static HypergradientEstimator parse(String name) {
        String[] f = name.split(":", -1);
        try {
            switch (f[0]) {
                case "first-order": if (f.length == 1) return new FirstOrderHypergradient(); break;
                case "finite-difference", "second-order": if (f.length == 1) return new FiniteDifferenceHypergradient(0.01); break;
                case "fd": if (f.length == 2) return new FiniteDifferenceHypergradient(Double.parseDouble(f[1])); break;
                case "exact": if (f.length == 1) return new ExactHypergradient(); break;
                case "unroll": if (f.length == 2) return new UnrolledHypergradient(Integer.parseInt(f[1])); break;
                case "neumann": if (f.length == 2) return new NeumannHypergradient(Integer.parseInt(f[1])); break;
                case "cg":
                    if (f.length == 2 || f.length == 3)
                        return new ConjugateGradientHypergradient(Integer.parseInt(f[1]), f.length == 3 ? Double.parseDouble(f[2]) : 0);
                    break;
                case "implicit":
                    if (f.length <= 3)
                        return new MinresHypergradient(f.length >= 2 ? Double.parseDouble(f[1]) : 1e-6, 500, f.length == 3 ? Double.parseDouble(f[2]) : 0);
                    break;
                default:
                    throw new IllegalArgumentException("unknown hypergradient '" + name + "': expected one of " + String.join(", ", NAMES));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in hypergradient '" + name + "': expected one of " + String.join(", ", NAMES));
        }
        throw new IllegalArgumentException("malformed hypergradient '" + name + "': expected one of " + String.join(", ", NAMES));
    }
}
