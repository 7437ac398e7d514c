package org.darts4j.darts.hypergradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.darts4j.autograd.Variable;
import org.darts4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The toy bilevel problem of the DARTS paper (figure 2): L_val = αw − 2α + 1, L_train = w² − 2αw + α². Then
 * w*(α) = α and the true hypergradient is 2α − 2; first order gives w − 2; the one-step estimate at ξ = 0.5 equals
 * 2α − 2 for every w (the unrolled step lands on w*). The finite difference is exact on this quadratic up to rounding.
 */
class ToyBilevelTest {
    private static BilevelProblem toy(double w0, double a0) {
        Variable w = Variable.parameter(Tensor.of(new double[] {w0}, 1)), a = Variable.parameter(Tensor.of(new double[] {a0}, 1));
        return new BilevelProblem() {
            @Override public List<Variable> weights() { return List.of(w); }
            @Override public List<Variable> alphas() { return List.of(a); }
            @Override public Variable trainLoss() { return w.square().sub(a.mul(w).mul(2.0)).add(a.square()).sum(); }
            @Override public Variable valLoss() { return a.mul(w).sub(a.mul(2.0)).add(1.0).sum(); }
        };
    }

    private static final VirtualStep HALF = new VirtualStep(0.5, 0, 0, null);

    @Test void firstOrderIsWMinusTwo() {
        for (double w : new double[] {-1.5, 0, 0.7, 3}) {
            for (double a : new double[] {-2, 0.3, 1}) {
                double got = new FirstOrderHypergradient().estimate(toy(w, a), HALF).alphaGrads().get(0).item();
                assertEquals(w - 2, got, 1e-12);
            }
        }
    }

    @Test void oneStepEstimatesAtHalfEqualTheTrueHypergradientForEveryW() {
        for (HypergradientEstimator e : List.of(new ExactHypergradient(), new FiniteDifferenceHypergradient(0.01))) {
            for (double w : new double[] {-1.5, 0, 0.7, 3}) {
                for (double a : new double[] {-2, 0.3, 1}) {
                    BilevelProblem p = toy(w, a);
                    Hypergradient h = e.estimate(p, HALF);
                    assertEquals(2 * a - 2, h.alphaGrads().get(0).item(), 1e-9, e.name() + " at w=" + w + ", α=" + a);
                    assertEquals(w, p.weights().get(0).data().item(), 0.0, "the weights are put back");
                    assertEquals(a * a - 2 * a + 1, h.valLoss(), 1e-12, "L_val(w′) with w′ = w* = α");
                }
            }
        }
    }

    @Test void otherStepSizesFollowTheUnrolledFormula() {
        // w′ = w − ξ(2w − 2α); d/dα L_val(w′(α), α) = w′ − 2 + α·dw′/dα = w′ − 2 + 2ξα
        double w = 0.4, a = 1.7, xi = 0.1;
        double wp = w - xi * (2 * w - 2 * a);
        VirtualStep s = new VirtualStep(xi, 0, 0, null);
        assertEquals(wp - 2 + 2 * xi * a, new ExactHypergradient().estimate(toy(w, a), s).alphaGrads().get(0).item(), 1e-12);
        assertEquals(wp - 2 + 2 * xi * a, new FiniteDifferenceHypergradient(0.01).estimate(toy(w, a), s).alphaGrads().get(0).item(), 1e-9);
    }

    @Test void momentumAndWeightDecayEnterTheVirtualStep() {
        // w′ = w − ξ(μ m + 2w − 2α + λ w): the first term changes, the mixed term (−2) does not
        double w = 0.4, a = 1.7, xi = 0.2, mu = 0.9, m = 0.5, lambda = 0.1;
        double wp = w - xi * (mu * m + 2 * w - 2 * a + lambda * w);
        VirtualStep s = new VirtualStep(xi, mu, lambda, List.of(Tensor.of(new double[] {m}, 1)));
        assertEquals(wp - 2 + 2 * xi * a, new ExactHypergradient().estimate(toy(w, a), s).alphaGrads().get(0).item(), 1e-12);
    }

    @Test void namesParse() {
        assertEquals("first-order", HypergradientEstimator.parse("first-order").name());
        assertEquals("exact", HypergradientEstimator.parse("exact").name());
        assertEquals(0.05, ((FiniteDifferenceHypergradient) HypergradientEstimator.parse("fd:0.05")).r());
        assertEquals(0.01, ((FiniteDifferenceHypergradient) HypergradientEstimator.parse("finite-difference")).r());
        assertThrows(IllegalArgumentException.class, () -> HypergradientEstimator.parse("neumann"));
        assertThrows(IllegalArgumentException.class, () -> HypergradientEstimator.parse("fd:x"));
    }
}
