package org.darts4j.darts.curvature;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.autograd.Autograd;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.hypergradient.Vectors;
import org.darts4j.tensor.Tensor;

/**
 * The Hessian of L_val with respect to α at fixed w, ∇²_α L_val(w, α), through products: with g = ∇_α L_val recorded
 * once (with its graph), ∇²_α L_val · u = ∇_α ⟨g, u⟩ for a constant u, one backward pass each.
 */
public final class ArchitectureHessian {
    private final List<Variable> alphas;
    private final List<Variable> g;

    /** {@code valLoss}: L_val(w, α) evaluated on the batch of interest, its graph reaching {@code alphas}. */
    public ArchitectureHessian(Variable valLoss, List<Variable> alphas) {
        this.alphas = alphas;
        this.g = Autograd.grad(valLoss, alphas, true);
    }

    /** ∇²_α L_val · u. */
    public List<Tensor> times(List<Tensor> u) {
        Variable dot = null;
        for (int i = 0; i < g.size(); i++) {
            Variable term = g.get(i).mul(Variable.constant(u.get(i))).sum();
            dot = dot == null ? term : dot.add(term);
        }
        List<Tensor> out = new ArrayList<>();
        for (Variable v : Autograd.grad(dot, alphas, false)) out.add(v.data());
        return out;
    }

    /** Number of α entries (224 for the DARTS space: 2 cells × 14 edges × 8 operations). */
    public int size() {
        int n = 0;
        for (Variable a : alphas) n += a.data().numel();
        return n;
    }

    /** The dominant eigenvalue and its eigenvector, with the iterations taken. */
    public record Eigen(double value, List<Tensor> vector, int iterations) {}

    /**
     * Power iteration: u ← H u / ‖H u‖ from a seeded random start until the Rayleigh quotient uᵀHu changes by less than
     * {@code tol} relatively, at most {@code maxIterations}. Gives the eigenvalue of largest magnitude, with its sign.
     */
    public Eigen dominantEigenvalue(int maxIterations, double tol, long seed) {
        java.util.Random r = new java.util.Random(seed);
        List<Tensor> u = new ArrayList<>();
        for (Variable a : alphas) {
            double[] v = new double[a.data().numel()];
            for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
            u.add(Tensor.of(v, a.data().shape().dims()).to(a.data().dtype()));
        }
        u = Vectors.scale(u, 1 / Vectors.norm(u));
        double lambda = Double.NaN;
        for (int it = 1; it <= maxIterations; it++) {
            List<Tensor> hu = times(u);
            double next = Vectors.dot(u, hu), n = Vectors.norm(hu);
            if (n == 0) return new Eigen(0, u, it);
            u = Vectors.scale(hu, 1 / n);
            if (Math.abs(next - lambda) <= tol * Math.abs(next)) return new Eigen(next, u, it);
            lambda = next;
        }
        return new Eigen(lambda, u, maxIterations);
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
