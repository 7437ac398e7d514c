package org.darts4j.darts.hypergradient;

/** A way to estimate dL_val(w*(α), α)/dα. Each implementation states its formula in its Javadoc. */
public interface HypergradientEstimator {
    Hypergradient estimate(BilevelProblem problem, VirtualStep step);

    /** The name used on the command line. */
    String name();

    /** {@code first-order}, {@code finite-difference} (or {@code fd:r}) and {@code exact}. */
    static HypergradientEstimator parse(String name) {
        if (name.equals("first-order")) return new FirstOrderHypergradient();
        if (name.equals("finite-difference") || name.equals("second-order")) return new FiniteDifferenceHypergradient(0.01);
        if (name.startsWith("fd:")) {
            try {
                return new FiniteDifferenceHypergradient(Double.parseDouble(name.substring(3)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad finite-difference step in '" + name + "': expected fd:r with r a number");
            }
        }
        if (name.equals("exact")) return new ExactHypergradient();
        throw new IllegalArgumentException("unknown hypergradient '" + name + "': expected first-order, finite-difference, fd:r or exact");
    }
}
