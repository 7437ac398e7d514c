package org.darts4j.darts.search.method;

import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;

/**
 * One hard Gumbel-softmax sample of an architecture α [edges, 8] at temperature τ, as GDAS draws it once per forward
 * pass and cell type:
 * <pre>
 *   π = softmax((log softmax(α) + G) / τ)          G = −log E, E ~ Exp(1), elementwise
 *   k*_e = argmax_k π_{e,k}
 *   h = one_hot(k*) − sg(π) + π                   (evaluated left to right)
 * </pre>
 * h's value is the one-hot choice; its gradient with respect to α is π's (the straight-through estimator). τ changes
 * π and the gradient, never k*.
 *
 * @param hard  h [edges, 8], on α's device, in α's graph
 * @param index k*_e for each edge
 */
public record GumbelSample(Variable hard, int[] index) {

    /** The sample of α for the noise {@code g} (same shape and device as α) at temperature {@code tau}. */
    public static GumbelSample of(Variable alpha, Tensor g, double tau) {
        if (!g.shape().equals(alpha.shape()))
            throw new IllegalArgumentException("Gumbel noise of shape " + g.shape() + " for α of shape " + alpha.shape());
        Variable probs = F.softmax(F.logSoftmax(alpha, -1).add(Variable.constant(g)).div(tau), -1);
        double[] p = probs.data().toDoubleArray();
        int edges = alpha.size(0), ops = alpha.size(1);
        int[] index = new int[edges];
        double[] oneHot = new double[edges * ops];
        for (int e = 0; e < edges; e++) {
            int best = 0;
            for (int k = 1; k < ops; k++) if (p[e * ops + k] > p[e * ops + best]) best = k;
            index[e] = best;
            oneHot[e * ops + best] = 1;
        }
        Tensor hot = Tensor.fromArray(alpha.dtype(), oneHot, edges, ops).to(alpha.data().backend());
        return new GumbelSample(Variable.constant(hot).sub(probs.detach()).add(probs), index);
    }

    /**
     * The generator of the noise of one phase of one step of a search (0: the architecture step, 1: the weight step,
     * 2: an evaluation), a function of the search's seed alone: a resumed search draws the same noise.
     */
    public static Generator stream(long seed, long step, int phase) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xC2B2AE3D27D4EB4FL + phase * 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;   // SplitMix64's finaliser
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Generator(z ^ (z >>> 31));
    }

    /**
     * Gumbel noise G = −log E, E = −log U with U uniform in (0, 1) (never 0 or 1, so G is finite), [edges, ops], from
     * {@code gen}.
     */
    public static Tensor noise(Generator gen, DType dtype, int edges, int ops) {
        double[] v = new double[edges * ops];
        for (int i = 0; i < v.length; i++) {
            double u = ((gen.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
            v[i] = -Math.log(-Math.log(u));
        }
        return Tensor.fromArray(dtype, v, edges, ops);
    }
}
