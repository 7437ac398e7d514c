package org.darts4j.darts.hypergradient;

/** An estimator whose iteration cannot give a meaningful value at this state (says why, instead of returning garbage). */
public final class HypergradientDivergedException extends RuntimeException {
    public HypergradientDivergedException(String message) { super(message); }
}
