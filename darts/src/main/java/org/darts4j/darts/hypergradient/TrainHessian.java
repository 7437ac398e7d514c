package org.darts4j.darts.hypergradient;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.autograd.Autograd;
import org.darts4j.autograd.Variable;
import org.darts4j.tensor.Tensor;

/**
 * Products with the second derivatives of L_train at the current (w, α), by double backpropagation through one
 * recorded gradient graph g = ∇_w L_train(w, α): for a vector x (constant),
 * <pre>  ∇_w ⟨g, x⟩ = ∇²_w L_train · x,    ∇_α ⟨g, x⟩ = ∇²_{α,w} L_train · x.</pre>
 * The graph of g is recorded once, so each product costs one backward pass through it. The weights must stay where
 * they were when this was made.
 */
final class TrainHessian {
    private final BilevelProblem p;
    private final List<Variable> g;
    private int products;

    TrainHessian(BilevelProblem p) {
        this.p = p;
        this.g = Autograd.grad(p.trainLoss(), p.weights(), true);
    }

    /** (∇²_w L_train · x, ∇²_{α,w} L_train · x). */
    record Products(List<Tensor> ww, List<Tensor> alphaW) {}

    Products times(List<Tensor> x) {
        products++;
        Variable dot = null;
        for (int i = 0; i < g.size(); i++) {
            Variable term = g.get(i).mul(Variable.constant(x.get(i))).sum();
            dot = dot == null ? term : dot.add(term);
        }
        List<Variable> wrt = new ArrayList<>(p.weights());
        wrt.addAll(p.alphas());
        List<Tensor> all = Unrolling.values(Autograd.grad(dot, wrt, false));
        int n = p.weights().size();
        return new Products(all.subList(0, n), all.subList(n, all.size()));
    }

    /** (∇²_w L_train + c·I) · x. */
    List<Tensor> shifted(List<Tensor> x, double c) { return Vectors.axpy(times(x).ww(), c, x); }

    /** ∇²_{α,w} L_train · x (one more product). */
    List<Tensor> mixed(List<Tensor> x) { return times(x).alphaW(); }

    /** How many products were taken (the cost of an iterative solve). */
    int products() { return products; }
}
