package org.darts4j.darts.hypergradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test void everyEstimatorOnTheToyProblem() {
        // at ξ = 0.5 the unrolled steps land on w* = α, so unroll:T gives 2α − 2 for every w and T
        for (int t : new int[] {1, 2, 5}) {
            for (double w : new double[] {-1.5, 0.7}) {
                assertEquals(2 * 0.3 - 2, new UnrolledHypergradient(t).estimate(toy(w, 0.3), HALF).alphaGrads().get(0).item(), 1e-12, "unroll:" + t);
            }
        }
        // the implicit estimators: ∇_α L_val − H_αw A⁻¹ v = (w − 2) − (−2)(α/2) = w − 2 + α, the true 2α − 2 at w = w* = α
        for (String name : List.of("neumann:0", "neumann:3", "cg:1", "cg:4", "implicit", "implicit:1e-12")) {
            HypergradientEstimator e = HypergradientEstimator.parse(name);
            for (double w : new double[] {-1.5, 0.7}) {
                for (double a : new double[] {-2, 0.3}) {
                    assertEquals(w - 2 + a, e.estimate(toy(w, a), HALF).alphaGrads().get(0).item(), 1e-12, name + " at w=" + w + ", α=" + a);
                }
            }
            assertEquals(2 * 0.7 - 2, e.estimate(toy(0.7, 0.7), HALF).alphaGrads().get(0).item(), 1e-12, name + " at w*");
        }
    }

    @Test void unrolledStepsFollowTheirClosedForm() {
        // ξ = 0.1: w_T = α + (w − α)·0.8^T, dL_val(w_T, α)/dα = w_T − 2 + α(1 − 0.8^T)
        double w = 0.4, a = 1.7;
        for (int t : new int[] {1, 3, 10}) {
            double q = Math.pow(0.8, t), wt = a + (w - a) * q;
            double got = new UnrolledHypergradient(t).estimate(toy(w, a), new VirtualStep(0.1, 0, 0, null)).alphaGrads().get(0).item();
            assertEquals(wt - 2 + a * (1 - q), got, 1e-12, "unroll:" + t);
        }
        // T = 1 is the exact one-step hypergradient, momentum and weight decay included
        VirtualStep s = new VirtualStep(0.2, 0.9, 0.1, List.of(Tensor.of(new double[] {0.5}, 1)));
        assertEquals(new ExactHypergradient().estimate(toy(w, a), s).alphaGrads().get(0).item(),
                new UnrolledHypergradient(1).estimate(toy(w, a), s).alphaGrads().get(0).item(), 1e-12);
    }

    @Test void namesParse() {
        assertEquals("first-order", HypergradientEstimator.parse("first-order").name());
        assertEquals("exact", HypergradientEstimator.parse("exact").name());
        assertEquals(0.05, ((FiniteDifferenceHypergradient) HypergradientEstimator.parse("fd:0.05")).r());
        assertEquals(0.01, ((FiniteDifferenceHypergradient) HypergradientEstimator.parse("finite-difference")).r());
        assertEquals("unroll:3", HypergradientEstimator.parse("unroll:3").name());
        assertEquals("neumann:20", HypergradientEstimator.parse("neumann:20").name());
        assertEquals("cg:10:0.01", HypergradientEstimator.parse("cg:10:0.01").name());
        assertEquals(0.01, ((ConjugateGradientHypergradient) HypergradientEstimator.parse("cg:10:0.01")).damping());
        assertEquals("implicit:1.0E-6", HypergradientEstimator.parse("implicit").name());
        for (String bad : List.of("neumann", "fd:x", "unroll:0", "cg:-1", "cg:3:1:2", "hessian", "exact:2")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HypergradientEstimator.parse(bad), bad);
            if (!bad.equals("unroll:0") && !bad.equals("cg:-1"))
                assertTrue(e.getMessage().contains("first-order, finite-difference, fd:r, exact, unroll:T, neumann:K, cg:K"), e.getMessage());
        }
    }
}
