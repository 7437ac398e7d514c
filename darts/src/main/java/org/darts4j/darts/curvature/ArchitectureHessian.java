package org.darts4j.darts.curvature;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.hypergradient.GradientGraph;
import org.darts4j.darts.hypergradient.PowerIteration;
import org.darts4j.darts.hypergradient.Vectors;
import org.darts4j.tensor.Tensor;

/**
 * The Hessian of L_val with respect to α at fixed w, ∇²_α L_val(w, α), through products: with g = ∇_α L_val recorded
 * once (with its graph), ∇²_α L_val · u = ∇_α ⟨g, u⟩ for a constant u, one backward pass each.
 */
public final class ArchitectureHessian {
    private final List<Variable> alphas;
    private final GradientGraph graph;

    /** {@code valLoss}: L_val(w, α) evaluated on the batch of interest, its graph reaching {@code alphas}. */
    public ArchitectureHessian(Variable valLoss, List<Variable> alphas) {
        this.alphas = alphas;
        this.graph = new GradientGraph(valLoss, alphas);
    }

    /** ∇²_α L_val · u. */
    public List<Tensor> times(List<Tensor> u) { return graph.times(u, alphas); }

    /** Number of α entries (224 for the DARTS space: 2 cells × 14 edges × 8 operations). */
    public int size() {
        int n = 0;
        for (Variable a : alphas) n += a.data().numel();
        return n;
    }

    /**
     * The dominant eigenvalue by power iteration from a seeded random start, to a relative change of {@code tol} in the
     * Rayleigh quotient, at most {@code maxIterations} products. Gives the eigenvalue of largest magnitude, with its sign.
     */
    public PowerIteration.Eigen dominantEigenvalue(int maxIterations, double tol, long seed) {
        List<Tensor> like = new ArrayList<>();
        for (Variable a : alphas) like.add(a.data());
        return PowerIteration.dominant(this::times, like, maxIterations, tol, seed);
    }

    /** The whole Hessian, column by column (one product per α entry), symmetrised: (H + Hᵀ)/2. */
    public double[][] full() {
        int n = size();
        double[][] h = new double[n][n];
        List<Tensor> basis = new ArrayList<>();
        for (Variable a : alphas) basis.add(Tensor.zerosLike(a.data()));
        for (int j = 0; j < n; j++) {
            List<Tensor> e = unit(basis, j);
            double[] col = Vectors.flatten(times(e));
            for (int i = 0; i < n; i++) h[i][j] = col[i];
        }
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                double s = (h[i][j] + h[j][i]) / 2;
                h[i][j] = s;
                h[j][i] = s;
            }
        return h;
    }

    private static List<Tensor> unit(List<Tensor> zeros, int index) {
        List<Tensor> e = new ArrayList<>();
        int offset = 0;
        for (Tensor z : zeros) {
            double[] v = new double[z.numel()];
            if (index >= offset && index < offset + v.length) v[index - offset] = 1;
            e.add(Tensor.of(v, z.shape().dims()).to(z.dtype()));
            offset += v.length;
        }
        return e;
    }
}
