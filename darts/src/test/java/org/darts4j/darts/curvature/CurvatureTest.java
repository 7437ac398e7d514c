package org.darts4j.darts.curvature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.hypergradient.PowerIteration;
import org.darts4j.darts.search.SearchNetwork;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CurvatureTest {
    @Test void jacobiFindsKnownEigenvalues() {
        // [[2, 1, 0], [1, 2, 1], [0, 1, 2]] has eigenvalues 2 − √2, 2, 2 + √2
        double[] ev = SymmetricEigen.eigenvalues(new double[][] {{2, 1, 0}, {1, 2, 1}, {0, 1, 2}});
        assertArrayEquals(new double[] {2 - Math.sqrt(2), 2, 2 + Math.sqrt(2)}, ev, 1e-13);
        assertArrayEquals(new double[] {-3, 5}, SymmetricEigen.eigenvalues(new double[][] {{1, 4}, {4, 1}}), 1e-13);
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.eigenvalues(new double[][] {{1, 2}, {3}}));
    }

    @Test void powerIterationOnAQuadraticFindsTheLargestEigenvalue() {
        // L = ½ αᵀ diag(1, −7, 3) α + sum(α): the Hessian is diag(1, −7, 3), dominant eigenvalue −7
        Variable a = Variable.parameter(Tensor.of(new double[] {0.1, 0.2, 0.3}, 3));
        Variable d = Variable.constant(Tensor.of(new double[] {1, -7, 3}, 3));
        Variable l = a.square().mul(d).sum().mul(0.5).add(a.sum());
        ArchitectureHessian h = new ArchitectureHessian(l, List.of(a));
        assertEquals(-7, h.dominantEigenvalue(500, 1e-12, 3).value(), 1e-9);
        assertArrayEquals(new double[] {-7, 1, 3}, SymmetricEigen.eigenvalues(h.full()), 1e-12);
    }

    @Test void theSupernetHessianInAlphaAgreesWithItsSpectrum() {
        Generator g = new Generator(5);
        SearchNetwork net = new SearchNetwork(SearchNetwork.Config.of(1, 8, 8, 3, 2, 2), g, DType.FLOAT64, false);
        Tensor x = Tensor.normal(g, DType.FLOAT64, 0, 1, 4, 1, 8, 8);
        Variable lv = F.crossEntropy(net.forward(Variable.constant(x)), new int[] {0, 1, 2, 1});
        ArchitectureHessian h = new ArchitectureHessian(lv, net.alphas());
        assertEquals(224, h.size());
        double[][] full = h.full();
        double[] ev = SymmetricEigen.eigenvalues(full);
        double dominant = Math.abs(ev[0]) > Math.abs(ev[ev.length - 1]) ? ev[0] : ev[ev.length - 1];
        PowerIteration.Eigen e = h.dominantEigenvalue(1000, 1e-10, 1);
        assertEquals(dominant, e.value(), 1e-4 * Math.abs(dominant), "power iteration against Jacobi; " + e.iterations() + " iterations");
        double trace = 0, sum = 0;
        for (int i = 0; i < full.length; i++) trace += full[i][i];
        for (double v : ev) sum += v;
        assertEquals(trace, sum, 1e-9 * Math.max(1, Math.abs(trace)));
    }

    @Test void robustDartsRule() {
        EarlyStopping r = EarlyStopping.parse("robust-darts");
        assertEquals(new EarlyStopping(5, 0.75), r);
        assertEquals(null, EarlyStopping.parse("none"));
        assertEquals(new EarlyStopping(2, 0.5), EarlyStopping.parse("robust-darts:2:0.5"));
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.parse("robust"));
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.parse("robust-darts:2:1.5"));
        List<Double> flat = List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0);
        assertEquals(0, r.stopAt(flat));
        // λ̄ over epochs 6-10 = 1.5 against λ̄ over 1-5 = 1: ratio 0.667 < 0.75, stop after epoch 10, return epoch 5
        assertEquals(5, r.stopAt(List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.5, 1.5, 1.5, 1.5, 1.5)));
        assertEquals(0, r.stopAt(List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.2, 1.2, 1.2, 1.2, 1.2)), "ratio 0.83");
        assertEquals(0, r.stopAt(List.of(1.0, 9.0, 9.0)), "too few epochs");
        assertTrue(new EarlyStopping(1, 0.75).stopAt(List.of(1.0, 2.0)) == 1);
    }
}
