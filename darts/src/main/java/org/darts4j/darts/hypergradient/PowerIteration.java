package org.darts4j.darts.hypergradient;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.darts4j.tensor.Tensor;

/**
 * The eigenvalue of largest magnitude of a symmetric operator A, given only its products: u ← Au / ‖Au‖ from a
 * seeded random unit vector until the Rayleigh quotient uᵀAu changes by no more than {@code tol} relatively, at most
 * {@code maxIterations} products.
 */
public final class PowerIteration {
    private PowerIteration() {}

    /** The eigenvalue (with its sign), its eigenvector and the products taken. */
    public record Eigen(double value, List<Tensor> vector, int iterations) {}

    /** {@code like}: tensors of the shapes and dtype of A's vectors. */
    public static Eigen dominant(UnaryOperator<List<Tensor>> a, List<Tensor> like, int maxIterations, double tol, long seed) {
        Random r = new Random(seed);
        List<Tensor> u = new ArrayList<>();
        for (Tensor t : like) {
            double[] d = new double[t.numel()];
            for (int i = 0; i < d.length; i++) d[i] = r.nextGaussian();
            u.add(Tensor.of(d, t.shape().dims()).to(t.dtype()));
        }
        u = Vectors.scale(u, 1 / Vectors.norm(u));
        double lambda = Double.NaN;
        for (int it = 1; it <= maxIterations; it++) {
            List<Tensor> au = a.apply(u);
            double next = Vectors.dot(u, au), n = Vectors.norm(au);
            if (n == 0) return new Eigen(0, u, it);
            u = Vectors.scale(au, 1 / n);
            if (Math.abs(next - lambda) <= tol * Math.abs(next)) return new Eigen(next, u, it);
            lambda = next;
        }
        return new Eigen(lambda, u, maxIterations);
    }
}
