package org.darts4j.darts.hypergradient;

import java.util.List;
import org.darts4j.autograd.Autograd;
import org.darts4j.autograd.Variable;
import org.darts4j.tensor.Tensor;

/**
 * Products with the second derivatives of a scalar f through one recorded gradient graph g = ∇_X f: for a constant
 * vector u,
 * <pre>  ∇_Y ⟨g, u⟩ = ∇²_{Y,X} f · u</pre>
 * (Y = X gives Hessian-vector products). The graph of g is recorded once, so each product costs one backward pass
 * through it; the values of X must stay where they were when it was recorded.
 */
public final class GradientGraph {
    private final List<Variable> g;

    /** Records g = ∇_x f with its graph. */
    public GradientGraph(Variable f, List<Variable> x) { this.g = Autograd.grad(f, x, true); }

    /** ∇_wrt ⟨g, u⟩, one tensor per variable of {@code wrt}. */
    public List<Tensor> times(List<Tensor> u, List<Variable> wrt) {
        Variable dot = null;
        for (int i = 0; i < g.size(); i++) {
            Variable term = g.get(i).mul(Variable.constant(u.get(i))).sum();
            dot = dot == null ? term : dot.add(term);
        }
        return Unrolling.values(Autograd.grad(dot, wrt, false));
    }
}
