package org.darts4j.darts.hypergradient;

import org.darts4j.autograd.Autograd;
import org.darts4j.autograd.Variable;
import org.darts4j.tensor.Recycling;

/**
 * First-order DARTS (ξ = 0): the architecture gradient is taken at the current weights, ignoring how w depends on α.
 * <pre>  ∇_α L_val(w, α)</pre>
 */
public final class FirstOrderHypergradient implements HypergradientEstimator {
    @Override public Hypergradient estimate(BilevelProblem p, VirtualStep step) {
        try (Recycling scope = Recycling.openStep()) {   // L_val's graph is used once: its values go back as the pass consumes them
            Variable lv = p.valLoss();
            return new Hypergradient(Unrolling.values(Autograd.gradFreeingGraph(lv, p.alphas())), lv.item());
        }
    }

    @Override public String name() { return "first-order"; }
}
