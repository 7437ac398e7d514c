package org.darts4j.darts.hypergradient;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.autograd.Variable;
import org.darts4j.tensor.Tensor;

/**
 * Products with the second derivatives of L_train at the current (w, α) through one {@link GradientGraph} of
 * ∇_w L_train: for a constant x, ∇²_w L_train · x and ∇²_{α,w} L_train · x. The weights must stay where they were
 * when this was made.
 */
final class TrainHessian {
    private final BilevelProblem p;
    private final GradientGraph graph;
    private final List<Variable> weightsAndAlphas;

    TrainHessian(BilevelProblem p) {
        this.p = p;
        this.graph = new GradientGraph(p.trainLoss(), p.weights());
        this.weightsAndAlphas = new ArrayList<>(p.weights());
        weightsAndAlphas.addAll(p.alphas());
    }

    /** (∇²_w L_train · x, ∇²_{α,w} L_train · x). */
    record Products(List<Tensor> ww, List<Tensor> alphaW) {}

    /** Both products from one backward pass. */
    Products times(List<Tensor> x) {
        List<Tensor> all = graph.times(x, weightsAndAlphas);
        int n = p.weights().size();
        return new Products(all.subList(0, n), all.subList(n, all.size()));
    }

    /** (∇²_w L_train + c·I) · x. */
    List<Tensor> shifted(List<Tensor> x, double c) { return Vectors.axpy(graph.times(x, p.weights()), c, x); }

    /** ∇²_{α,w} L_train · x alone (the backward pass stops at α). */
    List<Tensor> mixed(List<Tensor> x) { return graph.times(x, p.alphas()); }
}
