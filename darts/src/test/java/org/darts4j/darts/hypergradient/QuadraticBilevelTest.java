package org.darts4j.darts.hypergradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.darts4j.autograd.Variable;
import org.darts4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A quadratic bilevel problem with a closed-form implicit hypergradient:
 * <pre>
 *   L_train(w, α) = ½ wᵀ H w − wᵀ B α,   inner objective L_train + (λ/2)‖w‖²  ⇒  w*(α) = (H + λI)⁻¹ B α
 *   L_val(w, α)   = ½ ‖w − c‖² + ½ αᵀ α
 *   dL_val(w*(α), α)/dα = Bᵀ (H + λI)⁻¹ (w* − c) + α
 * </pre>
 * H is symmetric with eigenvalues in [1, 3] (or indefinite, to see conjugate gradient refuse and MINRES solve).
 */
class QuadraticBilevelTest {
    private static final int N = 5, M = 3;
    private static final double LAMBDA = 0.1;

    /** H = Q diag(eig) Qᵀ with a fixed rotation Q. */
    private static double[][] symmetric(double[] eig) {
        double[][] q = new double[N][N];
        java.util.Random r = new java.util.Random(7);
        for (double[] row : q) for (int j = 0; j < N; j++) row[j] = r.nextGaussian();
        for (int i = 0; i < N; i++) {   // Gram-Schmidt on the rows
            for (int k = 0; k < i; k++) {
                double d = 0;
                for (int j = 0; j < N; j++) d += q[i][j] * q[k][j];
                for (int j = 0; j < N; j++) q[i][j] -= d * q[k][j];
            }
            double n = 0;
            for (int j = 0; j < N; j++) n += q[i][j] * q[i][j];
            for (int j = 0; j < N; j++) q[i][j] /= Math.sqrt(n);
        }
        double[][] h = new double[N][N];
        for (int a = 0; a < N; a++) for (int b = 0; b < N; b++) for (int k = 0; k < N; k++) h[a][b] += q[k][a] * eig[k] * q[k][b];
        return h;
    }

    private static final double[][] B = {{1, 0, 0.5}, {0, 1, -0.3}, {0.2, 0.1, 1}, {-0.4, 0.6, 0}, {0.3, -0.2, 0.7}};
    private static final double[] C = {0.5, -1, 0.25, 2, -0.75};
    private static final double[] ALPHA = {0.3, -0.8, 1.1};

    private static Tensor mat(double[][] a) {
        double[] flat = new double[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) System.arraycopy(a[i], 0, flat, i * a[0].length, a[0].length);
        return Tensor.of(flat, a.length, a[0].length);
    }

    private static BilevelProblem problem(double[][] h, double[] w0) {
        Variable w = Variable.parameter(Tensor.of(w0.clone(), N, 1)), a = Variable.parameter(Tensor.of(ALPHA.clone(), M, 1));
        Variable hv = Variable.constant(mat(h)), bv = Variable.constant(mat(B)), cv = Variable.constant(Tensor.of(C, N, 1));
        return new BilevelProblem() {
            @Override public List<Variable> weights() { return List.of(w); }
            @Override public List<Variable> alphas() { return List.of(a); }
            @Override public Variable trainLoss() { return w.mul(hv.matmul(w)).sum().mul(0.5).sub(w.mul(bv.matmul(a)).sum()); }
            @Override public Variable valLoss() { return w.sub(cv).square().sum().mul(0.5).add(a.square().sum().mul(0.5)); }
        };
    }

    /** Solves (H + λI) x = b by Gaussian elimination. */
    private static double[] solve(double[][] h, double[] b) {
        double[][] a = new double[N][N + 1];
        for (int i = 0; i < N; i++) {
            System.arraycopy(h[i], 0, a[i], 0, N);
            a[i][i] += LAMBDA;
            a[i][N] = b[i];
        }
        for (int c = 0; c < N; c++) {
            int p = c;
            for (int r = c + 1; r < N; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
            double[] t = a[c]; a[c] = a[p]; a[p] = t;
            for (int r = 0; r < N; r++) {
                if (r == c) continue;
                double f = a[r][c] / a[c][c];
                for (int k = c; k <= N; k++) a[r][k] -= f * a[c][k];
            }
        }
        double[] x = new double[N];
        for (int i = 0; i < N; i++) x[i] = a[i][N] / a[i][i];
        return x;
    }

    /** w* and the closed-form hypergradient there. */
    private static double[][] closedForm(double[][] h) {
        double[] ba = new double[N];
        for (int i = 0; i < N; i++) for (int j = 0; j < M; j++) ba[i] += B[i][j] * ALPHA[j];
        double[] wStar = solve(h, ba);
        double[] r = new double[N];
        for (int i = 0; i < N; i++) r[i] = wStar[i] - C[i];
        double[] x = solve(h, r), g = new double[M];
        for (int j = 0; j < M; j++) {
            g[j] = ALPHA[j];
            for (int i = 0; i < N; i++) g[j] += B[i][j] * x[i];
        }
        return new double[][] {wStar, g};
    }

    private static final VirtualStep STEP = new VirtualStep(0.2, 0, LAMBDA, null);

    @Test void everyEstimatorConvergesToTheClosedFormAtTheInnerOptimum() {
        double[][] h = symmetric(new double[] {1, 1.5, 2, 2.5, 3});
        double[][] cf = closedForm(h);
        for (String name : List.of("implicit:1e-12", "cg:5", "neumann:400", "unroll:400")) {
            Hypergradient g = HypergradientEstimator.parse(name).estimate(problem(h, cf[0]), STEP);
            assertArrayEquals(cf[1], g.alphaGrads().get(0).toDoubleArray(), 1e-9, name);
        }
        // few terms are only approximations, and get better with more
        double e2 = error(h, cf, "neumann:2"), e10 = error(h, cf, "neumann:10"), c1 = error(h, cf, "cg:1"), c3 = error(h, cf, "cg:3");
        assertTrue(e10 < e2 && e2 > 1e-3, e2 + " " + e10);
        assertTrue(c3 < c1 && c1 > 1e-3, c1 + " " + c3);
        assertTrue(error(h, cf, "first-order") > 0.1, "first order ignores the response of w");
    }

    private static double error(double[][] h, double[][] cf, String name) {
        double[] got = HypergradientEstimator.parse(name).estimate(problem(h, cf[0]), STEP).alphaGrads().get(0).toDoubleArray();
        double d = 0, n = 0;
        for (int j = 0; j < M; j++) {
            d += (got[j] - cf[1][j]) * (got[j] - cf[1][j]);
            n += cf[1][j] * cf[1][j];
        }
        return Math.sqrt(d / n);
    }

    @Test void indefiniteCurvatureIsRefusedByConjugateGradientAndSolvedByMinres() {
        double[][] h = symmetric(new double[] {-0.5, 1, 1.5, 2, 3});
        double[][] cf = closedForm(h);
        HypergradientDivergedException e = assertThrows(HypergradientDivergedException.class,
                () -> HypergradientEstimator.parse("cg:5").estimate(problem(h, cf[0]), STEP));
        assertTrue(e.getMessage().contains("non-positive curvature"), e.getMessage());
        MinresHypergradient minres = new MinresHypergradient(1e-12, 50, 0);
        assertArrayEquals(cf[1], minres.estimate(problem(h, cf[0]), STEP).alphaGrads().get(0).toDoubleArray(), 1e-9);
        assertTrue(minres.iterations() <= N + 1 && minres.relativeResidual() <= 1e-12, minres.iterations() + " " + minres.relativeResidual());
    }

    @Test void theEndsOfTheInnerSpectrum() {
        double[][] h = symmetric(new double[] {-0.5, 1, 1.5, 2, 3});
        InnerCurvature.Ends e = InnerCurvature.of(problem(h, new double[N]), LAMBDA, 400, 1);
        assertEquals(3 + LAMBDA, e.largest(), 1e-6);
        assertEquals(-0.5 + LAMBDA, e.smallest(), 1e-6);
    }

    @Test void aDivergingNeumannSeriesSaysSo() {
        double[][] h = symmetric(new double[] {1, 1.5, 2, 2.5, 12});
        double[][] cf = closedForm(h);
        HypergradientDivergedException e = assertThrows(HypergradientDivergedException.class,
                () -> HypergradientEstimator.parse("neumann:100").estimate(problem(h, cf[0]), STEP));   // ξ·12 = 2.4 > 2
        assertTrue(e.getMessage().contains("diverges"), e.getMessage());
        assertThrows(HypergradientDivergedException.class, () -> new MinresHypergradient(1e-12, 2, 0).estimate(problem(h, cf[0]), STEP));
    }

    @Test void theWeightsArePutBack() {
        double[][] h = symmetric(new double[] {1, 1.5, 2, 2.5, 3});
        double[] w0 = {0.1, 0.2, 0.3, 0.4, 0.5};
        for (String name : List.of("unroll:3", "neumann:3", "cg:3", "implicit", "exact", "fd:0.01")) {
            BilevelProblem p = problem(h, w0);
            HypergradientEstimator.parse(name).estimate(p, new VirtualStep(0.2, 0.9, LAMBDA, List.of(Tensor.of(new double[] {1, 0, 0, 0, 1}, N, 1))));
            assertArrayEquals(w0, p.weights().get(0).data().toDoubleArray(), 0.0, name);
            assertEquals(N, p.weights().get(0).data().numel());
        }
    }
}
