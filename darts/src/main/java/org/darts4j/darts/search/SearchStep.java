package org.darts4j.darts.search;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.hypergradient.BilevelProblem;
import org.darts4j.darts.hypergradient.Hypergradient;
import org.darts4j.nn.optim.GradClip;
import org.darts4j.nn.optim.Sgd;
import org.darts4j.tensor.Recycling;
import org.darts4j.tensor.Tensor;

/**
 * One iteration of the reference search loop ({@code train_search.py}, {@code train()}), in its order:
 * <ol>
 *   <li>the architecture step: α ← Adam(α, g) with g the architect's estimate of dL_val(w*(α), α)/dα, computed on
 *       the α batch (first order: ∇α L_val(w, α); second order: the virtual step w′ = w − ξ(μ·b + ∇w L_train + λw),
 *       with b the weight optimizer's momentum buffers, zeros before its first step);</li>
 *   <li>the weight step at the new α: g_w = ∇w L_train(w, α), scaled by min(1, clip / (‖g_w‖₂ + 1e-6)) with one norm
 *       over all weights, then SGD: b ← μ·b + g_w + λw (b = g_w + λw at the first step), w ← w − η·b.</li>
 * </ol>
 * The conformance cases of kind {@code darts_search_trajectory} run this class, so a search and its oracle take the
 * same path.
 */
public final class SearchStep {
    private SearchStep() {}

    /**
     * What one iteration computed: the architecture estimate it applied, the network's output on the w batch and
     * L_train before the weight update, and ‖∇w L_train‖₂ before clipping (a scalar on the weights' device).
     */
    public record Outcome(Hypergradient hypergradient, Variable output, double trainLoss, Tensor gradNorm) {}

    /** Thrown before the weight step when L_train is not finite (nothing of the weights has changed yet). */
    public static final class NonFiniteLoss extends RuntimeException {
        public final double loss;
        NonFiniteLoss(double loss) {
            super("loss is " + loss);
            this.loss = loss;
        }
    }

    /**
     * Runs one iteration. {@code problem} gives L_train and L_val on this step's two batches; {@code trainLoss} maps
     * the network's output on the w batch (from {@code forward}) to L_train. A null {@code architect} skips the
     * architecture step (a warm-up epoch: α frozen); the outcome's hypergradient is then null.
     */
    public static Outcome run(Architect architect, Sgd sgd, double gradClip, BilevelProblem problem,
                              Supplier<Variable> forward, Function<Variable, Variable> trainLoss) {
        Hypergradient h = architect == null ? null : architect.step(problem);
        Variable out;
        double l;
        try (Recycling step = Recycling.openStep()) {   // the forward's intermediate values go back as backward consumes them
            out = forward.get();
            step.keep(out.data());
            Variable loss = trainLoss.apply(out);
            l = loss.item();
            if (!Double.isFinite(l)) throw new NonFiniteLoss(l);
            loss.backward();
        }
        List<Variable> weights = sgd.parameters();
        Tensor norm = GradClip.clipNorm(weights, gradClip);
        sgd.step();
        sgd.zeroGrad();
        problem.alphas().forEach(Variable::zeroGrad);
        return new Outcome(h, out, l, norm);
    }
}
