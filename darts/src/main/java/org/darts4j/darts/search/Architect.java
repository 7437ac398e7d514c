package org.darts4j.darts.search;


import java.util.List;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.hypergradient.BilevelProblem;
import org.darts4j.darts.hypergradient.Hypergradient;
import org.darts4j.darts.hypergradient.HypergradientEstimator;
import org.darts4j.darts.hypergradient.VirtualStep;
import org.darts4j.nn.optim.Adam;
import org.darts4j.nn.optim.Sgd;


/**
 * Updates α (the reference's {@code Architect.step}): an estimate of dL_val(w*(α), α)/dα from the chosen estimator,
 * with ξ the weight optimizer's current learning rate and its momentum buffers in the virtual step, applied by Adam.
 */
public final class Architect {
    private final HypergradientEstimator estimator;
    private final Adam optimizer;
    private final Sgd weightOptimizer;

    public Architect(HypergradientEstimator estimator, Adam optimizer, Sgd weightOptimizer) {
        this.estimator = estimator;
        this.optimizer = optimizer;
        this.weightOptimizer = weightOptimizer;
    }

    public Adam optimizer() { return optimizer; }

    public HypergradientEstimator estimator() { return estimator; }

    /** One architecture step on the problem's current batches; returns the estimate it applied. */
    public Hypergradient step(BilevelProblem problem) {
        Hypergradient h = estimator.estimate(problem, VirtualStep.of(weightOptimizer));
        List<Variable> alphas = problem.alphas();
        for (int i = 0; i < alphas.size(); i++) alphas.get(i).setGrad(Variable.constant(h.alphaGrads().get(i)));
        optimizer.step();
        optimizer.zeroGrad();
        return h;
    }
}
