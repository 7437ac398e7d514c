package org.darts4j.tensor;

import java.util.function.UnaryOperator;

/** The argument checks of {@link Backend#weightedSum} and {@link Backend#dots}, shared by every backend. */
public final class WeightedSums {
    private WeightedSums() {}

    /** The first present term; the weights must be a [k] tensor for the k terms. */
    public static Tensor firstTerm(Tensor[] xs, Tensor weights) {
        if (weights.rank() != 1 || weights.size(0) != xs.length)
            throw new IllegalArgumentException("weighted sum: " + xs.length + " terms but weights " + weights.shape());
        for (Tensor t : xs) if (t != null) return t;
        throw new IllegalArgumentException("weighted sum: every term is absent");
    }

    /** Every present term has {@code like}'s shape and dtype; returns them laid out by {@code dense} (nulls kept). */
    public static Tensor[] terms(Tensor[] xs, Tensor like, UnaryOperator<Tensor> dense) {
        Tensor[] d = new Tensor[xs.length];
        for (int k = 0; k < xs.length; k++) {
            if (xs[k] == null) continue;
            if (!xs[k].shape().equals(like.shape()) || xs[k].dtype() != like.dtype())
                throw new IllegalArgumentException("weighted sum: term " + k + " is " + xs[k].shape() + " " + xs[k].dtype() + ", expected " + like.shape() + " " + like.dtype());
            d[k] = dense.apply(xs[k]);
        }
        return d;
    }
}
